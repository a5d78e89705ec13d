package authrocket_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
)

const secretValue = "ks_topsecretvalue42"

// holder is how a secret usually travels: a field of a config struct.
type holder struct {
	Name string
	Key  authrocket.Secret
	Ptr  *authrocket.Secret
	List []authrocket.Secret
	Map  map[string]authrocket.Secret
	key  authrocket.Secret // unexported: fmt cannot call its methods
}

func newHolder() holder {
	s := authrocket.NewSecret(secretValue)
	return holder{Name: "cfg", Key: s, Ptr: &s, List: []authrocket.Secret{s}, Map: map[string]authrocket.Secret{"k": s}, key: s}
}

func TestSecretFmt(t *testing.T) {
	s := authrocket.NewSecret(secretValue)
	h := newHolder()
	cfg := authrocket.Config{URL: "https://api-e2.authrocket.com/v2", APIKey: s}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%T", "%10.3s", "%-30v", "%p"} {
		for name, arg := range map[string]any{"Secret": s, "*Secret": &s, "holder": h, "*holder": &h, "Config": cfg, "[]any": []any{s}} {
			got := fmt.Sprintf(verb, arg)
			if strings.Contains(got, secretValue) || strings.Contains(got, fmt.Sprintf("%x", secretValue)) {
				t.Errorf("Sprintf(%q, %s) = %q reveals the secret", verb, name, got)
			}
		}
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, s); got != "[REDACTED]" {
			t.Errorf("Sprintf(%q, secret) = %q, want [REDACTED]", verb, got)
		}
	}
	if got := fmt.Sprint(s, &s); strings.Contains(got, secretValue) {
		t.Errorf("Sprint = %q", got)
	}
	if got := s.String(); got != "[REDACTED]" {
		t.Errorf("String() = %q", got)
	}
}

func TestSecretSlog(t *testing.T) {
	s := authrocket.NewSecret(secretValue)
	h := newHolder()
	for name, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		log := slog.New(newHandler(&buf))
		log.Info("call", "key", s, "ptr", &s)
		log.Info("call", slog.Any("key", s), slog.String("str", s.String()))
		log.Info("call", slog.Group("cfg", "key", s))
		log.With("key", s).Info("with")
		log.Info("holder", "holder", h, "ptr", &h)
		log.Error("failed", "err", fmt.Errorf("wrapped %v", s))
		out := buf.String()
		if strings.Contains(out, secretValue) {
			t.Errorf("%s handler reveals the secret:\n%s", name, out)
		}
		if !strings.Contains(out, "[REDACTED]") {
			t.Errorf("%s handler output has no [REDACTED]:\n%s", name, out)
		}
	}
}

func TestSecretJSON(t *testing.T) {
	h := newHolder()
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(secretValue)) {
		t.Fatalf("json.Marshal = %s reveals the secret", b)
	}
	var back struct{ Key string }
	if err := json.Unmarshal(b, &back); err != nil || back.Key != "[REDACTED]" {
		t.Fatalf("Key = %q, %v; want [REDACTED]", back.Key, err)
	}
	b, err = json.Marshal(authrocket.Config{APIKey: authrocket.NewSecret(secretValue)})
	if err != nil || bytes.Contains(b, []byte(secretValue)) {
		t.Fatalf("json.Marshal(Config) = %s, %v", b, err)
	}
}

func TestSecretErrors(t *testing.T) {
	s := authrocket.NewSecret(secretValue)
	for _, err := range []error{
		fmt.Errorf("key %v: %w", s, errors.New("x")),
		fmt.Errorf("key %s", s),
		fmt.Errorf("key %+v", newHolder()),
		errors.New(fmt.Sprint(s)),
	} {
		if strings.Contains(err.Error(), secretValue) {
			t.Errorf("error %q reveals the secret", err)
		}
	}
}

func TestSecretReveal(t *testing.T) {
	s := authrocket.NewSecret(secretValue)
	if got := s.Reveal(); got != secretValue {
		t.Errorf("Reveal() = %q", got)
	}
	if s.IsZero() {
		t.Error("IsZero() of a set secret")
	}
	copied := s
	if copied.Reveal() != secretValue {
		t.Error("a copy lost the value")
	}
	for _, z := range []authrocket.Secret{{}, authrocket.NewSecret("")} {
		if !z.IsZero() || z.Reveal() != "" {
			t.Errorf("zero secret: IsZero %v, Reveal %q", z.IsZero(), z.Reveal())
		}
	}
}
