package policy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/redact"
)

// served stands for the methods the gateway serves.
var served = []string{
	"authrocket.v2.UsersService/GetUser",
	"authrocket.v2.UsersService/ListUsers",
	"authrocket.v2.UsersService/CreateUser",
	"authrocket.v2.OrgsService/GetOrg",
	"authrocket.v2.RealmsService/ListRealms",
}

var (
	billingCred = "argw_billing-credential"
	searchCred  = "argw_search-credential"
)

func twoCallers() string {
	return `
callers:
  - name: billing
    credentials: [` + policy.HashCredential(billingCred) + `]
    certificates: [spiffe://example.org/ns/billing/sa/api, billing.internal.example.com]
    methods: ["authrocket.v2.UsersService/Get*", "authrocket.v2.UsersService/List*"]
    realms: [rl_billing]
    rate_limit: {per_second: 2, burst: 3}
  - name: search
    credentials: [` + policy.HashCredential(searchCred) + `]
    methods: ["*/*"]
    realms: ["*"]
`
}

func parse(t *testing.T, yaml string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(strings.NewReader(yaml), served)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPolicyDecisions(t *testing.T) {
	p := parse(t, twoCallers())
	billing, search := p.ByCredential(billingCred), p.ByCredential(searchCred)
	if billing == nil || billing.Name != "billing" || search == nil || search.Name != "search" {
		t.Fatalf("ByCredential = %v, %v", billing, search)
	}
	for _, cred := range []string{"", "argw_unknown", policy.HashCredential(billingCred), billingCred + " "} {
		if c := p.ByCredential(cred); c != nil {
			t.Errorf("ByCredential(%q) = %s, want nobody", cred, c.Name)
		}
	}
	tests := []struct {
		caller      *policy.Caller
		method      string
		wantPattern string
	}{
		{billing, "authrocket.v2.UsersService/GetUser", "authrocket.v2.UsersService/Get*"},
		{billing, "authrocket.v2.UsersService/ListUsers", "authrocket.v2.UsersService/List*"},
		{billing, "authrocket.v2.UsersService/CreateUser", ""},
		{billing, "authrocket.v2.OrgsService/GetOrg", ""},
		// A pattern's * never crosses the '/': Get* is not Get*/anything.
		{billing, "authrocket.v2.UsersService/GetUser/x", ""},
		{search, "authrocket.v2.OrgsService/GetOrg", "*/*"},
		{search, "authrocket.v2.RealmsService/ListRealms", "*/*"},
	}
	for _, tt := range tests {
		got, ok := tt.caller.Method(tt.method)
		if got != tt.wantPattern || ok != (tt.wantPattern != "") {
			t.Errorf("%s.Method(%s) = %q, %v; want %q", tt.caller.Name, tt.method, got, ok, tt.wantPattern)
		}
	}
	if !billing.Realm("rl_billing") || billing.Realm("rl_other") || billing.AllRealms() || billing.DefaultRealm() != "rl_billing" {
		t.Errorf("billing realms wrong")
	}
	if !search.Realm("rl_anything") || !search.AllRealms() || search.DefaultRealm() != "" {
		t.Errorf("search realms wrong")
	}
	if got := billing.RateLimit; got == nil || *got != (policy.RateLimit{PerSecond: 2, Burst: 3}) {
		t.Errorf("billing rate limit = %v", got)
	}
	if search.RateLimit != nil {
		t.Errorf("search rate limit = %v, want none", search.RateLimit)
	}
}

// TestPolicyCertificateIdentitiesByKind: SPIFFE IDs that differ only in
// the case of their path, and a DNS name spelled like a SPIFFE ID, are
// different identities, of different callers.
func TestPolicyCertificateIdentitiesByKind(t *testing.T) {
	p := parse(t, `
callers:
  - name: lower
    certificates: [spiffe://example.org/ns/billing]
    methods: ["*/*"]
    realms: ["*"]
  - name: upper
    certificates: [spiffe://example.org/ns/Billing]
    methods: ["*/*"]
    realms: ["*"]
`)
	for id, want := range map[string]string{
		"spiffe://example.org/ns/billing": "lower", "spiffe://example.org/ns/Billing": "upper",
		"spiffe://EXAMPLE.org/ns/Billing": "upper", "spiffe://example.org/ns/BILLING": "",
	} {
		got := ""
		if c := p.ByCertificate([]string{id}, nil); c != nil {
			got = c.Name
		}
		if got != want {
			t.Errorf("ByCertificate(%s) = %q, want %q", id, got, want)
		}
	}
}

func TestPolicyByCertificate(t *testing.T) {
	p := parse(t, twoCallers()+`
  - name: ops
    certificates: [ops.internal.example.com, kafka.internal.example.com]
    methods: ["*/*"]
    realms: ["*"]
`)
	tests := []struct {
		name       string
		spiffe     []string
		dns        []string
		wantCaller string
	}{
		{"SPIFFE ID", []string{"spiffe://example.org/ns/billing/sa/api"}, nil, "billing"},
		{"DNS SAN, any case", nil, []string{"Billing.Internal.Example.com"}, "billing"},
		{"SPIFFE ID wins over DNS names", []string{"spiffe://example.org/ns/billing/sa/api"}, []string{"ops.internal.example.com"}, "billing"},
		{"unknown SPIFFE ID falls back to DNS", []string{"spiffe://example.org/other"}, []string{"ops.internal.example.com"}, "ops"},
		{"DNS names of two callers", nil, []string{"ops.internal.example.com", "billing.internal.example.com"}, ""},
		{"unknown names", []string{"spiffe://evil.example/billing"}, []string{"evil.example.com"}, ""},
		{"none", nil, nil, ""},
		// The SPIFFE ID standard: scheme and trust domain in any case, the
		// path exactly.
		{"SPIFFE scheme and trust domain in another case", []string{"SPIFFE://Example.ORG/ns/billing/sa/api"}, nil, "billing"},
		{"SPIFFE path in another case", []string{"spiffe://example.org/ns/Billing/sa/api"}, nil, ""},
		{"SPIFFE path in upper case", []string{"spiffe://example.org/NS/BILLING/SA/API"}, nil, ""},
		// A SPIFFE ID written into a certificate's DNS SANs (a CA may sign
		// that) is no DNS name: it identifies nobody.
		{"SPIFFE ID as a DNS name", nil, []string{"spiffe://example.org/ns/billing/sa/api"}, ""},
		{"SPIFFE ID as a DNS name, upper case", nil, []string{"SPIFFE://EXAMPLE.ORG/NS/BILLING/SA/API"}, ""},
		{"DNS name as a SPIFFE ID", []string{"billing.internal.example.com"}, nil, ""},
		{"not a DNS name", nil, []string{"billing.internal.example.com/x", "billing.internal.example.com."}, ""},
		// U+212A KELVIN SIGN folds to k: DNS names are ASCII only.
		{"DNS name with a Unicode look-alike", nil, []string{"\u212Aafka.internal.example.com"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := p.ByCertificate(tt.spiffe, tt.dns)
			if got := ""; c != nil {
				got = c.Name
				if got != tt.wantCaller {
					t.Errorf("caller = %q, want %q", got, tt.wantCaller)
				}
			} else if tt.wantCaller != "" {
				t.Errorf("caller = none, want %q", tt.wantCaller)
			}
		})
	}
}

// TestPolicyMistakes: every mistake is refused with its place in the file,
// all of them at once, and a credential pasted where a hash belongs is
// never repeated.
func TestPolicyMistakes(t *testing.T) {
	hash := policy.HashCredential("argw_x")
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"empty file", ``, []string{"the file is empty"}},
		{"no callers", `callers: []`, []string{"none listed"}},
		{"unknown key", "callers:\n  - name: a\n    realm: [rl_a]\n", []string{"field realm not found"}},
		{"two documents", "callers: []\n---\ncallers: []\n", []string{"more than one YAML document"}},
		{"not YAML", "callers: [", []string{"policy:"}},
		{"wrong type", "callers:\n  - name: a\n    methods: GetUser\n", []string{"cannot unmarshal"}},
		{"bad name", "callers:\n  - name: Billing Team\n    credentials: [" + hash + "]\n    methods: ['*/*']\n    realms: ['*']\n",
			[]string{"callers[0] (Billing Team): name must be"}},
		{"duplicate name and credential", "callers:\n" +
			"  - {name: a, credentials: [" + hash + "], methods: ['*/*'], realms: ['*']}\n" +
			"  - {name: a, credentials: [" + hash + "], methods: ['*/*'], realms: ['*']}\n",
			[]string{"callers[1] (a): name is used by another caller", `callers[1] (a): credentials[0] is also a credential of caller "a"`}},
		{"no identity", "callers:\n  - {name: a, methods: ['*/*'], realms: ['*']}\n", []string{"nothing could ever identify"}},
		{"bad certificate identity", "callers:\n  - {name: a, certificates: ['https://a.example', 'a b', 'spiffe://'], methods: ['*/*'], realms: ['*']}\n",
			[]string{`certificates[0] "https://a.example" is neither`, `certificates[1] "a b"`, `certificates[2] "spiffe://"`}},
		{"shared certificate identity", "callers:\n" +
			"  - {name: a, certificates: [svc.example.com], methods: ['*/*'], realms: ['*']}\n" +
			"  - {name: b, certificates: [SVC.example.com], methods: ['*/*'], realms: ['*']}\n",
			[]string{`callers[1] (b): certificates[0] "SVC.example.com" also identifies caller "a"`}},
		{"method mistakes", "callers:\n  - name: a\n    credentials: [" + hash + "]\n    realms: ['*']\n    methods:\n" +
			"      - /authrocket.v2.UsersService/GetUser\n      - authrocket.v2.UserService/Get*\n      - '*'\n      - 'authrocket.v2.UsersService/[Get'\n",
			[]string{"methods[0]", "without a leading '/'", `methods[1] "authrocket.v2.UserService/Get*": matches no method`, `methods[2] "*": a method pattern is service/method`, "methods[3]", "not a valid pattern"}},
		{"no methods", "callers:\n  - {name: a, credentials: [" + hash + "], realms: ['*']}\n", []string{"methods: none listed"}},
		{"realm mistakes", "callers:\n" +
			"  - {name: a, credentials: [" + policy.HashCredential("argw_a") + "], methods: ['*/*']}\n" +
			"  - {name: b, credentials: [" + policy.HashCredential("argw_b") + "], methods: ['*/*'], realms: ['*', rl_1]}\n" +
			"  - {name: c, credentials: [" + policy.HashCredential("argw_c") + "], methods: ['*/*'], realms: [usr_1, 'rl_1/x']}\n",
			[]string{"callers[0] (a): realms: none listed", `callers[1] (b): realms: "*" (all realms) stands alone`, `callers[2] (c): realms[0] "usr_1" is not a realm ID`, `realms[1] "rl_1/x"`}},
		// A repeat is a mistake, never merged: realms [rl_a, rl_a] would
		// otherwise lose the caller its default realm.
		{"repeats within a caller", "callers:\n" +
			"  - name: a\n    credentials: [" + hash + ", " + hash + "]\n" +
			"    certificates: [spiffe://example.org/a, svc.example.com, spiffe://example.org/A, spiffe://example.org/a, SVC.example.com]\n" +
			"    methods: ['*/*', 'authrocket.v2.UsersService/Get*', '*/*']\n    realms: [rl_a, rl_b, rl_A, rl_a]\n" +
			"  - {name: b, credentials: [" + policy.HashCredential("argw_b") + "], methods: ['*/*'], realms: [rl_b, rl_b]}\n",
			[]string{"callers[0] (a): credentials[1] repeats credentials[0]",
				`callers[0] (a): certificates[3] "spiffe://example.org/a" repeats certificates[0]`,
				`callers[0] (a): certificates[4] "SVC.example.com" repeats certificates[1]`,
				`callers[0] (a): methods[2] "*/*" repeats methods[0]`,
				`callers[0] (a): realms[3] "rl_a" repeats realms[0]`,
				`callers[1] (b): realms[1] "rl_b" repeats realms[0]`}},
		{"jwt_secrets mistakes", "callers:\n" +
			"  - {name: a, credentials: [" + policy.HashCredential("argw_a") + "], methods: ['*/*'], realms: [rl_a], jwt_secrets: ['*', rl_b, usr_1, rl_a, rl_a]}\n",
			[]string{`callers[0] (a): jwt_secrets[0]: name each realm`, `jwt_secrets[1] "rl_b" is not one of the caller's realms`, `jwt_secrets[2] "usr_1" is not a realm ID`, `jwt_secrets[4] "rl_a" repeats jwt_secrets[3]`}},
		{"rate limit mistakes", "callers:\n" +
			"  - {name: a, credentials: [" + policy.HashCredential("argw_a") + "], methods: ['*/*'], realms: ['*'], rate_limit: {per_second: 0}}\n" +
			"  - {name: b, credentials: [" + policy.HashCredential("argw_b") + "], methods: ['*/*'], realms: ['*'], rate_limit: {per_second: .inf}}\n" +
			"  - {name: c, credentials: [" + policy.HashCredential("argw_c") + "], methods: ['*/*'], realms: ['*'], rate_limit: {per_second: 1, burst: -1}}\n",
			[]string{"callers[0] (a): rate_limit.per_second must be", "callers[1] (b): rate_limit.per_second must be", "callers[2] (c): rate_limit.burst must not be negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse(strings.NewReader(tt.yaml), served)
			if err == nil {
				t.Fatal("Parse accepted the policy")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}

	t.Run("credential in place of its hash", func(t *testing.T) {
		for _, secret := range []string{"argw_the-credential-itself", "ks_an-authrocket-key", "sha256:" + strings.Repeat("A", 64), "sha256:abc"} {
			_, err := policy.Parse(strings.NewReader("callers:\n  - {name: a, credentials: ['"+secret+"'], methods: ['*/*'], realms: ['*']}\n"), served)
			if err == nil || !strings.Contains(err.Error(), "never the credential (the value is not shown)") {
				t.Fatalf("error = %v", err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the error repeats what the credential field held: %v", err)
			}
		}
	})
}

// TestPolicyErrorsNeverRepeatSecrets: a gateway credential, an AuthRocket
// key or a realm JWT secret pasted anywhere in a policy is never repeated
// in the error, not even its first characters: not by the policy's own
// checks, wherever it stands, and not by a YAML error about it.
func TestPolicyErrorsNeverRepeatSecrets(t *testing.T) {
	const notShown = "(a value that looks like a secret: not shown)"
	hash := policy.HashCredential("argw_x")
	caller := func(fields string) string {
		return "callers:\n  - {name: a, credentials: [" + hash + "], methods: ['*/*'], realms: ['*']" + fields + "}\n"
	}
	for _, prefix := range redact.Prefixes() {
		secret := prefix + "Q3XK7V2LJ5N4ZP6RTMW2YH8BCA"
		lower := strings.ToLower(secret) // a valid caller name
		tests := []struct {
			name, yaml, want string
		}{
			{"certificates", "callers:\n  - {name: a, certificates: [" + secret + "], methods: ['*/*'], realms: ['*']}\n", "certificates[0] " + notShown},
			// A valid SPIFFE ID may hold one in its path: never repeated.
			{"certificates, a SPIFFE ID of two callers", "callers:\n" +
				"  - {name: a, certificates: ['spiffe://example.org/" + secret + "'], methods: ['*/*'], realms: ['*']}\n" +
				"  - {name: b, certificates: ['spiffe://example.org/" + secret + "'], methods: ['*/*'], realms: ['*']}\n",
				`callers[1] (b): certificates[0] ` + notShown + ` also identifies caller "a"`},
			{"methods", strings.Replace(caller(""), "methods: ['*/*']", "methods: ['*/*', '"+secret+"']", 1), "methods[1] " + notShown},
			{"methods, as a service/method", strings.Replace(caller(""), "methods: ['*/*']", "methods: ['"+secret+"/x']", 1), "methods[0] " + notShown},
			{"realms", strings.Replace(caller(""), "realms: ['*']", "realms: [rl_a, '"+secret+"']", 1), "realms[1] " + notShown},
			{"credentials", strings.Replace(caller(""), hash, secret, 1), "credentials[0] is not a credential hash"},
			{"name", strings.Replace(caller(""), "name: a", "name: '"+secret+"'", 1), "callers[0] " + notShown + ": name must be"},
			{"a valid name, repeated", strings.Replace(caller(""), "name: a", "name: "+lower, 1) + strings.Replace(strings.TrimPrefix(caller(""), "callers:\n"), "name: a", "name: b", 1),
				`callers[1] (b): credentials[0] is also a credential of caller ` + notShown},
			// YAML errors: yaml.v3 quotes an unknown key in full and the
			// first characters of a value it cannot decode.
			{"unknown key", caller(", " + secret + ": x"), "line 2"},
			{"a scalar where a list belongs", "callers:\n  - name: a\n    methods: " + secret + "\n", "line 3"},
			{"a string where a number belongs", caller(", rate_limit: {per_second: " + secret + "}"), "line 2"},
			{"the whole file", secret + "\n", "line 1"},
			{"not YAML", "callers:\n  - name: a\n    methods: ['" + secret + "\n", "policy:"},
		}
		for _, tt := range tests {
			t.Run(prefix+"/"+tt.name, func(t *testing.T) {
				_, err := policy.Parse(strings.NewReader(tt.yaml), served)
				if err == nil {
					t.Fatal("Parse accepted the policy")
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %q\nlacks %q", err, tt.want)
				}
				if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(prefix+"Q3")) {
					t.Errorf("the error repeats (part of) the secret: %v", err)
				}
			})
		}
	}
	// Values that merely contain no secret are still shown.
	_, err := policy.Parse(strings.NewReader(strings.Replace(caller(""), "realms: ['*']", "realms: [usr_1]", 1)), served)
	if err == nil || !strings.Contains(err.Error(), `realms[0] "usr_1" is not a realm ID`) {
		t.Errorf("error = %v", err)
	}
}

func TestPolicyDefaultBurst(t *testing.T) {
	p := parse(t, "callers:\n"+
		"  - {name: a, credentials: ["+policy.HashCredential("argw_a")+"], methods: ['*/*'], realms: ['*'], rate_limit: {per_second: 2.5}}\n"+
		"  - {name: b, credentials: ["+policy.HashCredential("argw_b")+"], methods: ['*/*'], realms: ['*'], rate_limit: {per_second: 0.1}}\n")
	if a := p.ByCredential("argw_a").RateLimit; a.Burst != 3 {
		t.Errorf("burst of 2.5/s = %d, want 3", a.Burst)
	}
	if b := p.ByCredential("argw_b").RateLimit; b.Burst != 1 {
		t.Errorf("burst of 0.1/s = %d, want 1", b.Burst)
	}
}

func TestCredentials(t *testing.T) {
	a, b := policy.NewCredential(), policy.NewCredential()
	if a == b || !strings.HasPrefix(a, policy.CredentialPrefix) || len(a) < len(policy.CredentialPrefix)+26 {
		t.Errorf("NewCredential = %q, %q", a, b)
	}
	h := policy.HashCredential(a)
	if !strings.HasPrefix(h, "sha256:") || len(h) != 7+64 || strings.Contains(h, a) {
		t.Errorf("HashCredential = %q", h)
	}
	// The hash is what a policy accepts, and it identifies the credential.
	p := parse(t, "callers:\n  - {name: a, credentials: ["+h+"], methods: ['*/*'], realms: ['*']}\n")
	if c := p.ByCredential(a); c == nil || c.Name != "a" {
		t.Errorf("ByCredential(new credential) = %v", c)
	}
}

func TestAllowAll(t *testing.T) {
	p, err := policy.AllowAll("dev", "devtoken", served)
	if err != nil {
		t.Fatal(err)
	}
	c := p.ByCredential("devtoken")
	if c == nil || c.Name != "dev" || !c.AllRealms() {
		t.Fatalf("caller = %v", c)
	}
	for _, m := range served {
		if _, ok := c.Method(m); !ok {
			t.Errorf("dev may not call %s", m)
		}
	}
}

func TestStoreRateLimit(t *testing.T) {
	s := policy.NewStore(parse(t, twoCallers()))
	now := time.Unix(1_800_000_000, 0)
	// billing: 2/s, burst 3.
	for i := range 3 {
		if ok, _ := s.Allow("billing", now); !ok {
			t.Fatalf("call %d refused within the burst", i)
		}
	}
	ok, wait := s.Allow("billing", now)
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("4th call = %v, retry after %v; want refused, 500ms", ok, wait)
	}
	// A refused call spends nothing: half a second later one call is back.
	if ok, _ := s.Allow("billing", now.Add(500*time.Millisecond)); !ok {
		t.Error("no call allowed after the retry delay")
	}
	for range 100 {
		if ok, _ := s.Allow("search", now); !ok {
			t.Fatal("an unlimited caller was limited")
		}
	}

	// A reload that keeps billing's limit keeps what it spent ...
	s.Set(parse(t, twoCallers()))
	if ok, _ := s.Allow("billing", now.Add(500*time.Millisecond)); ok {
		t.Error("a reload reset billing's spent rate limit")
	}
	// ... and one that changes it starts afresh.
	s.Set(parse(t, strings.Replace(twoCallers(), "burst: 3", "burst: 5", 1)))
	for i := range 5 {
		if ok, _ := s.Allow("billing", now.Add(500*time.Millisecond)); !ok {
			t.Fatalf("call %d refused under the new limit", i)
		}
	}
	if s.Policy().ByCredential(billingCred).RateLimit.Burst != 5 {
		t.Error("Set did not put the new policy in force")
	}
}

// TestPolicyJWTSecrets: a realm's HS256 secret goes only to a caller whose
// jwt_secrets name that realm; "*" realms grant no secret.
func TestPolicyJWTSecrets(t *testing.T) {
	p := parse(t, `
callers:
  - name: legacy
    credentials: [`+policy.HashCredential("argw_legacy")+`]
    methods: ["authrocket.v2.UsersService/Get*"]
    realms: ["*"]
    jwt_secrets: [rl_hs]
  - name: other
    credentials: [`+policy.HashCredential("argw_other")+`]
    methods: ["*/*"]
    realms: ["*"]
`)
	legacy, other := p.ByCredential("argw_legacy"), p.ByCredential("argw_other")
	if !legacy.JWTSecret("rl_hs") || legacy.JWTSecret("rl_other") || legacy.JWTSecret("") {
		t.Error("legacy: the grant must name exactly rl_hs")
	}
	if other.JWTSecret("rl_hs") {
		t.Error(`other: realms ["*"] must not grant a JWT secret`)
	}
}

// sharedLimiter answers as Redis would, or fails while down.
type sharedLimiter struct {
	down  bool
	asked []string
}

func (l *sharedLimiter) Allow(_ context.Context, name string, perSecond float64, burst int) (bool, time.Duration, error) {
	if l.down {
		return false, 0, errors.New("redis is down")
	}
	l.asked = append(l.asked, fmt.Sprintf("%s %v/s burst %d", name, perSecond, burst))
	return false, 250 * time.Millisecond, nil
}

// TestStoreShared: a shared limiter decides while it answers, with the
// policy's whole limit; while it fails, each of the replicas allows its
// share (billing: 2/s, burst 3, over 2 replicas: 1/s, burst 1).
func TestStoreShared(t *testing.T) {
	s := policy.NewStore(parse(t, twoCallers()))
	shared := &sharedLimiter{}
	s.Share(shared, 2)
	now := time.Unix(1_800_000_000, 0)
	if ok, wait := s.Allow("billing", now); ok || wait != 250*time.Millisecond {
		t.Errorf("shared verdict: %v, %v", ok, wait)
	}
	if len(shared.asked) != 1 || shared.asked[0] != "caller:billing 2/s burst 3" {
		t.Errorf("the shared limiter was asked %q", shared.asked)
	}
	if ok, _ := s.Allow("search", now); !ok || len(shared.asked) != 1 {
		t.Error("an unlimited caller went to the shared limiter")
	}
	shared.down = true
	if ok, _ := s.Allow("billing", now); !ok {
		t.Fatal("the replica's share refused its first call")
	}
	if ok, wait := s.Allow("billing", now); ok || wait != time.Second {
		t.Errorf("the replica's share past its burst: %v, retry after %v; want refused, 1s", ok, wait)
	}
}
