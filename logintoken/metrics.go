package logintoken

import (
	"github.com/prometheus/client_golang/prometheus"
)

// lookupResult is the outcome of one key lookup
// (authrocket_gateway_token_key_lookups_total's result).
type lookupResult int

const (
	lookupHit     lookupResult = iota // a key known without a fetch
	lookupMiss                        // no key: none of that kid or realm, fetched or known
	lookupRefresh                     // a fetch was made, and it gave the key
	lookupError                       // a fetch failed or could not be tried now
	numLookupResults
)

var lookupNames = [numLookupResults]string{"hit", "miss", "refresh", "error"}

// keySource is where a key lookup looked (the label source).
type keySource int

const (
	sourceJWKS keySource = iota
	sourceRealm
	sourceConfigured
	numSources
)

var sourceNames = [numSources]string{"jwks", "realm", "configured"}

// verifyResult is a verification's outcome (the label result of
// authrocket_gateway_token_verifications_total): a bounded set, not Reason.
type verifyResult int

const (
	verifyValid      verifyResult = iota
	verifyInvalid                 // any Reason but the two below
	verifyExpired                 // Expired
	verifyUnknownKey              // UnknownKey
	verifyError                   // the keys or the session could not be read
	numVerifyResults
)

var verifyNames = [numVerifyResults]string{"valid", "invalid", "expired", "unknown_key", "error"}

// metrics are a Verifier's counters (Config.Metrics), each label child
// made once. A nil *metrics records nothing.
type metrics struct {
	verifications [numVerifyResults]prometheus.Counter
	lookups       [numSources][numLookupResults]prometheus.Counter
	cacheHit      prometheus.Counter
	cacheMiss     prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	verifications := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "authrocket_gateway_token_verifications_total",
		Help: "Login tokens verified, by result: valid, invalid, expired, unknown_key, error (the keys or the session could not be read).",
	}, []string{"result"})
	lookups := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "authrocket_gateway_token_key_lookups_total",
		Help: "Lookups of a token's key, by source (jwks, realm, configured) and result: hit (known), miss (no such key), refresh (fetched), error (a fetch failed or could not be tried).",
	}, []string{"source", "result"})
	cache := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "authrocket_gateway_token_cache_lookups_total",
		Help: "Lookups in the cache of verified tokens, by result: hit, miss.",
	}, []string{"result"})
	for _, c := range []prometheus.Collector{verifications, lookups, cache} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	m := &metrics{cacheHit: cache.WithLabelValues("hit"), cacheMiss: cache.WithLabelValues("miss")}
	for i, name := range verifyNames {
		m.verifications[i] = verifications.WithLabelValues(name)
	}
	for s, source := range sourceNames {
		for r, result := range lookupNames {
			m.lookups[s][r] = lookups.WithLabelValues(source, result)
		}
	}
	return m, nil
}

// verified counts a verification's outcome.
func (m *metrics) verified(bad *Invalid, err error) {
	if m == nil {
		return
	}
	r := verifyValid
	switch {
	case err != nil:
		r = verifyError
	case bad == nil:
	case bad.Reason == Expired:
		r = verifyExpired
	case bad.Reason == UnknownKey:
		r = verifyUnknownKey
	default:
		r = verifyInvalid
	}
	m.verifications[r].Inc()
}

// lookedUp counts a key lookup.
func (m *metrics) lookedUp(s keySource, r lookupResult) {
	if m != nil {
		m.lookups[s][r].Inc()
	}
}

// cached counts a lookup in the verified-token cache.
func (m *metrics) cached(hit bool) {
	switch {
	case m == nil:
	case hit:
		m.cacheHit.Inc()
	default:
		m.cacheMiss.Inc()
	}
}
