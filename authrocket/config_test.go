package authrocket_test

import (
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
)

func TestNewClientURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		// https anywhere, with an empty path or /v2.
		{"https://api-e2.authrocket.com/v2", true},
		{"https://api-e2.authrocket.com/v2/", true},
		{"https://api-e2.authrocket.com", true},
		{"https://api-e2.authrocket.com/", true},
		{"https://api-e2.authrocket.com:8443/v2", true},
		{"https://10.1.2.3/v2", true},
		// Plain http only to a loopback host.
		{"http://127.0.0.1:8080/v2", true},
		{"http://127.0.0.1", true},
		{"http://[::1]:8080/v2", true},
		{"http://localhost:8080/v2", true},
		{"http://localhost/", true},
		{"http://api-e2.authrocket.com/v2", false},
		{"http://10.0.0.1/v2", false},
		{"http://0.0.0.0:8080/v2", false},
		{"http://[::]:8080/v2", false},
		{"http://127.0.0.1.nip.io/v2", false},
		{"http://localhost.example.com/v2", false},
		{"http://example.com#@127.0.0.1/v2", false},
		// Other schemes.
		{"ftp://api-e2.authrocket.com/v2", false},
		{"ws://127.0.0.1/v2", false},
		{"HTTPS://api-e2.authrocket.com/v2", true}, // url.Parse lowercases the scheme
		// Path other than empty or /v2.
		{"https://api-e2.authrocket.com/v1", false},
		{"https://api-e2.authrocket.com/v2/users", false},
		{"https://api-e2.authrocket.com/api/v2", false},
		{"https://api-e2.authrocket.com/v2/v2", false},
		{"https://api-e2.authrocket.com//v2", false},
		{"http://127.0.0.1/x", false},
		// Userinfo, query, fragment.
		{"https://" + testKey + "@api-e2.authrocket.com/v2", false},
		{"https://" + testKey + ":rl_123@api-e2.authrocket.com/v2", false},
		{"https://user:pass@api-e2.authrocket.com/v2", false},
		{"http://user@127.0.0.1/v2", false},
		{"https://api-e2.authrocket.com/v2?api_key=" + testKey, false},
		{"https://api-e2.authrocket.com/v2?", true}, // an empty query is no query
		{"https://api-e2.authrocket.com/v2#frag", false},
		// Not a URL with a host.
		{"", false},
		{"/v2", false},
		{"api-e2.authrocket.com/v2", false},
		{"https:///v2", false},
		{"https:api-e2.authrocket.com", false},
		{"https://api e2.authrocket.com/v2", false},
		{"https://[::1/v2", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := authrocket.NewClient(authrocket.Config{URL: tt.url, APIKey: authrocket.NewSecret(testKey)})
			if tt.ok {
				if err != nil || c == nil {
					t.Fatalf("NewClient(%q) = %v, %v; want a client", tt.url, c, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("NewClient(%q) succeeded; want an error", tt.url)
			}
			if c != nil {
				t.Errorf("NewClient(%q) returned a client with its error", tt.url)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("NewClient(%q) error reveals the key: %v", tt.url, err)
			}
			if !strings.HasPrefix(err.Error(), "authrocket: ") {
				t.Errorf("NewClient(%q) error %q does not name the package", tt.url, err)
			}
		})
	}
}

func TestNewClientKey(t *testing.T) {
	for _, key := range []authrocket.Secret{{}, authrocket.NewSecret("")} {
		_, err := authrocket.NewClient(authrocket.Config{URL: "https://api-e2.authrocket.com/v2", APIKey: key})
		if err == nil {
			t.Fatal("NewClient with an empty API key succeeded")
		}
	}
	// A bad URL is reported without the key, whatever else is wrong.
	_, err := authrocket.NewClient(authrocket.Config{URL: "http://example.com/v2", APIKey: authrocket.NewSecret(testKey)})
	if err == nil || strings.Contains(err.Error(), testKey) {
		t.Fatalf("NewClient error = %v", err)
	}
}
