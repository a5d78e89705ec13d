package logintoken

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// wantTokenMetrics compares every series of the Verifier's metrics with
// the counts given ("result", "source/result"); any other is 0.
func wantTokenMetrics(t *testing.T, reg *prometheus.Registry, verifications, lookups, cache map[string]float64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# HELP authrocket_gateway_token_cache_lookups_total Lookups in the cache of verified tokens, by result: hit, miss.\n")
	b.WriteString("# TYPE authrocket_gateway_token_cache_lookups_total counter\n")
	for _, r := range []string{"hit", "miss"} {
		fmt.Fprintf(&b, "authrocket_gateway_token_cache_lookups_total{result=%q} %v\n", r, cache[r])
	}
	b.WriteString("# HELP authrocket_gateway_token_key_lookups_total Lookups of a token's key, by source (jwks, realm, configured) and result: hit (known), miss (no such key), refresh (fetched), error (a fetch failed or could not be tried).\n")
	b.WriteString("# TYPE authrocket_gateway_token_key_lookups_total counter\n")
	for _, s := range sourceNames {
		for _, r := range lookupNames {
			fmt.Fprintf(&b, "authrocket_gateway_token_key_lookups_total{result=%q,source=%q} %v\n", r, s, lookups[s+"/"+r])
		}
	}
	b.WriteString("# HELP authrocket_gateway_token_verifications_total Login tokens verified, by result: valid, invalid, expired, unknown_key, error (the keys or the session could not be read).\n")
	b.WriteString("# TYPE authrocket_gateway_token_verifications_total counter\n")
	for _, r := range verifyNames {
		fmt.Fprintf(&b, "authrocket_gateway_token_verifications_total{result=%q} %v\n", r, verifications[r])
	}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(b.String())); err != nil {
		t.Error(err)
	}
}

// verifyAll verifies each token and returns the results as the metrics
// name them, so that a test states both.
func verifyAll(t *testing.T, v *Verifier, tokens ...string) []string {
	t.Helper()
	var out []string
	for _, tok := range tokens {
		_, bad, err := v.Verify(context.Background(), tok, Options{})
		switch {
		case err != nil:
			out = append(out, "error")
		case bad == nil:
			out = append(out, "valid")
		case bad.Reason == Expired:
			out = append(out, "expired")
		case bad.Reason == UnknownKey:
			out = append(out, "unknown_key")
		default:
			out = append(out, "invalid")
		}
	}
	return out
}

func claimsWith(edit func(jwt.MapClaims)) jwt.MapClaims {
	c := goodClaims()
	edit(c)
	return c
}

// TestMetricsJWKS: verifications by result, the JWKS's key lookups and the
// verified-token cache.
func TestMetricsJWKS(t *testing.T) {
	lr := newJWKSServer(t, map[string]*rsa.PrivateKey{"k1": rsaKey})
	reg := prometheus.NewRegistry()
	v, clk := newVerifier(t, Config{LoginRocketURL: lr.URL, Metrics: reg}, "")
	rs := func(key *rsa.PrivateKey, kid string, c jwt.MapClaims) string {
		return mint(t, jwt.SigningMethodRS256, key, kid, c)
	}
	tok1 := rs(rsaKey, "k1", goodClaims())
	got := verifyAll(t, v,
		tok1, // fetched: refresh
		tok1, // cached
		rs(rsaKey, "k1", claimsWith(func(c jwt.MapClaims) { c["sub"] = "usr_2" })),                   // hit
		rs(rsaKey, "k1", claimsWith(func(c jwt.MapClaims) { c["exp"] = t0.Add(-time.Hour).Unix() })), // hit, expired
		rs(otherKey, "k1", goodClaims()), // hit, bad signature
		rs(otherKey, "k9", goodClaims()), // fetched just now: error
		"garbage",                        // no lookup
	)
	clk.add(KeyRefreshInterval)
	got = append(got, verifyAll(t, v, rs(otherKey, "k9", goodClaims()))...) // fetched, no such kid: miss
	want := []string{"valid", "valid", "valid", "expired", "invalid", "error", "invalid", "unknown_key"}
	if !slices.Equal(got, want) {
		t.Fatalf("results %q, want %q", got, want)
	}
	wantTokenMetrics(t, reg,
		map[string]float64{"valid": 3, "expired": 1, "invalid": 2, "error": 1, "unknown_key": 1},
		map[string]float64{"jwks/refresh": 1, "jwks/hit": 3, "jwks/error": 1, "jwks/miss": 1},
		map[string]float64{"hit": 1, "miss": 7})
	checkTokenLabels(t, reg, tok1, "k9", "usr_", "rl_", "kss_")
}

// TestMetricsRealmAndConfiguredKeys: the lookups of realms' keys read
// through the API, and of a configured key.
func TestMetricsRealmAndConfiguredKeys(t *testing.T) {
	reg := prometheus.NewRegistry()
	v, _ := newVerifier(t, Config{Metrics: reg, CacheSize: -1, RealmKey: func(_ context.Context, realm string) (string, error) {
		switch realm {
		case "rl_1":
			return pemOf(rsaKey), nil
		case "rl_fail":
			return "", errors.New("AuthRocket is down")
		}
		return "", nil
	}}, "")
	inRealm := func(realm string) string {
		return mint(t, jwt.SigningMethodRS256, rsaKey, "", claimsWith(func(c jwt.MapClaims) { c["rid"] = realm }))
	}
	got := verifyAll(t, v,
		inRealm("rl_1"),    // read: refresh
		inRealm("rl_1"),    // hit (no cache of tokens)
		inRealm("rl_none"), // read, no key: miss
		inRealm("rl_none"), // known to have none: miss
		inRealm("rl_fail"), // the read fails: error
	)
	want := []string{"valid", "valid", "unknown_key", "unknown_key", "error"}
	if !slices.Equal(got, want) {
		t.Fatalf("results %q, want %q", got, want)
	}
	if err := v.SetKey(hsSecret); err != nil {
		t.Fatal(err)
	}
	if got := verifyAll(t, v, mint(t, jwt.SigningMethodHS256, []byte(hsSecret), "", goodClaims())); got[0] != "valid" {
		t.Fatalf("configured key: %q", got)
	}
	wantTokenMetrics(t, reg,
		map[string]float64{"valid": 3, "unknown_key": 2, "error": 1},
		map[string]float64{"realm/refresh": 1, "realm/hit": 1, "realm/miss": 2, "realm/error": 1, "configured/hit": 1},
		nil)
	checkTokenLabels(t, reg, "rl_1", "rl_none", "rl_fail", hsSecret)
}

// checkTokenLabels: every label value is one of the fixed sets, and none
// holds any of avoid.
func checkTokenLabels(t *testing.T, reg *prometheus.Registry, avoid ...string) {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	fixed := append(append(append([]string{}, verifyNames[:]...), lookupNames[:]...), sourceNames[:]...)
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if !slices.Contains(fixed, l.GetValue()) {
					t.Errorf("%s: %s=%q is not of a fixed set", f.GetName(), l.GetName(), l.GetValue())
				}
				for _, a := range avoid {
					if strings.Contains(l.GetValue(), a) {
						t.Errorf("%s: %s=%q holds %q", f.GetName(), l.GetName(), l.GetValue(), a)
					}
				}
			}
		}
	}
}
