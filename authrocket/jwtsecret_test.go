package authrocket_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
)

// TestWithholdJWTSecrets: the public keys of an rs256 realm and its rs256
// JWT keys pass through; an hs256 realm's jsk_ secret (its jwt_key, and
// key and short_key of its hs256 JWT keys) is cleared, in single objects
// and list rows, unless the grant names the realm, and then reported.
func TestWithholdJWTSecrets(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	hs, err := u.emu.CreateRealmWith(map[string]any{"name": "HS", "jwt_algo": "hs256"})
	if err != nil {
		t.Fatal(err)
	}
	none := func(string) bool { return false }
	onlyHS := func(realm string) bool { return realm == hs }

	rs := mustCall(t, c, "RealmsService.GetRealm", &arv2.GetRealmRequest{Id: u.realm}, &arv2.GetRealmResponse{}, authrocket.CallOptions{Realm: u.realm})
	if got := authrocket.WithholdJWTSecrets(rs, none); len(got) != 0 || !strings.HasPrefix(rs.GetRealm().GetJwtKeyMaterial(), "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("rs256 realm: handed out %v, jwt_key %.30q", got, rs.GetRealm().GetJwtKeyMaterial())
	}

	get := func() *arv2.GetRealmResponse {
		return mustCall(t, c, "RealmsService.GetRealm", &arv2.GetRealmRequest{Id: hs}, &arv2.GetRealmResponse{}, authrocket.CallOptions{Realm: hs})
	}
	r := get()
	if !strings.HasPrefix(r.GetRealm().GetJwtKeyMaterial(), "jsk_") {
		t.Fatalf("the adapter did not decode AuthRocket's jwt_key (%d characters)", len(r.GetRealm().GetJwtKeyMaterial()))
	}
	if got := authrocket.WithholdJWTSecrets(r, none); len(got) != 0 || r.GetRealm().JwtKeyMaterial != nil {
		t.Errorf("hs256 realm without a grant: handed out %v, jwt_key set: %v", got, r.GetRealm().JwtKeyMaterial != nil)
	}
	r = get()
	if got := authrocket.WithholdJWTSecrets(r, onlyHS); !slices.Equal(got, []string{hs}) || !strings.HasPrefix(r.GetRealm().GetJwtKeyMaterial(), "jsk_") {
		t.Errorf("hs256 realm with the grant: handed out %v", got)
	}

	// A realm's JWT keys, rs256 and hs256, in one list.
	mustCall(t, c, "JwtKeysService.CreateJwtKey", &arv2.CreateJwtKeyRequest{JwtKey: &arv2.JwtKeyInput{Algo: ptr("rs256")}}, &arv2.CreateJwtKeyResponse{}, authrocket.CallOptions{Realm: hs})
	list := func() *arv2.ListJwtKeysResponse {
		return mustCall(t, c, "JwtKeysService.ListJwtKeys", &arv2.ListJwtKeysRequest{}, &arv2.ListJwtKeysResponse{}, authrocket.CallOptions{Realm: hs})
	}
	check := func(l *arv2.ListJwtKeysResponse, wantSecret bool) {
		t.Helper()
		algos := map[string]bool{}
		for _, k := range l.GetCollection() {
			algos[k.GetAlgo()] = true
			switch k.GetAlgo() {
			case "rs256":
				if !strings.HasPrefix(k.GetKeyMaterial(), "-----BEGIN PUBLIC KEY-----") || k.GetShortKeyMaterial() == "" || strings.Contains(k.GetShortKeyMaterial(), "-----") {
					t.Errorf("rs256 key %s: key %.30q, short_key %.30q", k.GetId(), k.GetKeyMaterial(), k.GetShortKeyMaterial())
				}
			case "hs256":
				if wantSecret != (strings.HasPrefix(k.GetKeyMaterial(), "jsk_") && strings.HasPrefix(k.GetShortKeyMaterial(), "jsk_")) {
					t.Errorf("hs256 key %s: want the secret %v, key set %v, short_key set %v", k.GetId(), wantSecret, k.KeyMaterial != nil, k.ShortKeyMaterial != nil)
				}
			}
		}
		if !algos["rs256"] || !algos["hs256"] {
			t.Errorf("the list has keys of %v, want rs256 and hs256", algos)
		}
	}
	l := list()
	if got := authrocket.WithholdJWTSecrets(l, none); len(got) != 0 {
		t.Errorf("handed out %v without a grant", got)
	}
	check(l, false)
	l = list()
	if got := authrocket.WithholdJWTSecrets(l, onlyHS); !slices.Equal(got, []string{hs}) {
		t.Errorf("with the grant: handed out %v", got)
	}
	check(l, true)
}

func ptr[T any](v T) *T { return &v }
