package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
)

// legacyToken is the credential of caller "legacy", granted one HS256
// realm's JWT secret.
const legacyToken = "caller-token-legacy-0123456789abcdef"

// TestJWTSecretGrant: an HS256 realm's jsk_ secret is withheld from every
// caller but one whose jwt_secrets name the realm, over REST (as
// AuthRocket's jwt_key, key and short_key) and gRPC, and each answer that
// hands it out says so in the audit trail; RS256 public keys pass to all.
func TestJWTSecretGrant(t *testing.T) {
	var hs string
	legacyPolicy := func(e *env, grant string) string {
		return defaultPolicy + `  - name: legacy
    credentials: [` + policy.HashCredential(legacyToken) + `]
    methods: ["authrocket.v2.RealmsService/GetRealm", "authrocket.v2.JwtKeysService/*"]
    realms: [` + hs + `, ` + e.realm + `]
` + grant
	}
	e := newEnvWith(t, gatewayOptions{policy: func(t *testing.T, e *env) string {
		hs, _ = e.authrocket(t, "POST", "/v2/realms", map[string]any{"realm": map[string]any{"name": "Legacy HS256", "jwt_algo": "hs256"}})["id"].(string)
		return legacyPolicy(e, "    jwt_secrets: ["+hs+"]\n")
	}})
	secret, _ := e.authrocket(t, "GET", "/v2/realms/"+hs, nil)["jwt_key"].(string)
	if !strings.HasPrefix(secret, "jsk_") {
		t.Fatalf("the emulator's hs256 realm has no jsk_ key")
	}
	legacy := []string{"Authrocket-Api-Key", legacyToken}

	// Without the grant: withheld, on REST and gRPC.
	if got := restDo(t, e, 200, "GET", "/v2/realms/"+hs, nil); got["jwt_key"] != nil {
		t.Errorf("caller default got realm %s's jwt_key", hs)
	}
	rl := call(arv2.NewRealmsServiceClient(e.conn).GetRealm(e.ctx(t), &arv2.GetRealmRequest{Id: hs})).must(t).GetRealm()
	if rl.JwtKeyMaterial != nil {
		t.Error("caller default got the secret over gRPC")
	}

	// With it: as AuthRocket sends it, and audited.
	got := restDo(t, e, 200, "GET", "/v2/realms/"+hs, nil, append(legacy, "X-Request-Id", "grant-realm")...)
	if got["jwt_key"] != secret {
		t.Errorf("caller legacy: jwt_key is not the realm's secret (set: %v)", got["jwt_key"] != nil)
	}
	if r := auditFor(t, e.gateway, "grant-realm"); r.SecretHandedOut != "jwt_secret" || !slices.Equal(r.SecretRealms, []string{hs}) || r.Caller != "legacy" {
		t.Errorf("audit record of the grant: %+v", r)
	}
	page := restDo(t, e, 200, "GET", "/v2/jwt_keys?realm_id="+hs, nil, append(legacy, "X-Request-Id", "grant-keys")...)
	rows, _ := page["collection"].([]any)
	if len(rows) == 0 {
		t.Fatalf("GET /v2/jwt_keys = %v", page)
	}
	for _, row := range rows {
		k := row.(map[string]any)
		if k["algo"] == "hs256" && (k["key"] != secret || k["short_key"] != secret) {
			t.Errorf("caller legacy: hs256 key %v lacks the secret", k["id"])
		}
	}
	if r := auditFor(t, e.gateway, "grant-keys"); r.SecretHandedOut != "jwt_secret" {
		t.Errorf("audit record of the list: %+v", r)
	}

	// The grant names one realm: the default realm's RS256 key is public
	// to both callers, and its answer hands out no secret.
	rs := restDo(t, e, 200, "GET", "/v2/realms/"+e.realm, nil, append(legacy, "X-Request-Id", "grant-rs")...)
	if k, _ := rs["jwt_key"].(string); !strings.HasPrefix(k, "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("rs256 jwt_key = %.40q", k)
	}
	if r := auditFor(t, e.gateway, "grant-rs"); r.SecretHandedOut != "" {
		t.Errorf("an rs256 realm's public key audited as a secret: %+v", r)
	}

	// A write's answer replayed for its Idempotency-Key is held to the
	// policy in force: handed out and audited while the grant stands,
	// withheld once it is withdrawn.
	create := func(requestID string) map[string]any {
		return restDo(t, e, http.StatusCreated, "POST", "/v2/jwt_keys?realm_id="+hs, map[string]any{"jwt_key": map[string]any{"algo": "hs256", "use": "sign"}},
			append(legacy, "Idempotency-Key", "legacy-key-1", "X-Request-Id", requestID)...)
	}
	made := create("replay-1")
	key, _ := made["key"].(string)
	if !strings.HasPrefix(key, "jsk_") {
		t.Fatalf("POST /v2/jwt_keys for the granted caller: key %v", made["key"] != nil)
	}
	if again := create("replay-2"); again["id"] != made["id"] || again["key"] != key {
		t.Errorf("the replay: id %v (first %v), the same key: %v", again["id"], made["id"], again["key"] == key)
	}
	if r := auditFor(t, e.gateway, "replay-2"); r.SecretHandedOut != "jwt_secret" {
		t.Errorf("audit record of the replay: %+v", r)
	}
	e.writePolicy(t, legacyPolicy(e, ""))
	eventually(t, "the grant withdrawn", func() bool {
		return restDo(t, e, 200, "GET", "/v2/realms/"+hs, nil, legacy...)["jwt_key"] == nil
	})
	if later := create("replay-3"); later["id"] != made["id"] || later["key"] != nil || later["short_key"] != nil {
		t.Errorf("the replay after the grant was withdrawn: id %v (first %v), key withheld: %v", later["id"], made["id"], later["key"] == nil)
	}
	if r := auditFor(t, e.gateway, "replay-3"); r.SecretHandedOut != "" {
		t.Errorf("audit record of the withheld replay: %+v", r)
	}
}
