package logintoken

import (
	"context"
	"fmt"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// BenchmarkVerify measures Verify in process: HS256 and RS256 (2048-bit),
// a token seen before (cached) and every token new (the cache off, so each
// call decodes, checks and builds the session).
//
//	go test -run '^$' -bench BenchmarkVerify -benchmem ./logintoken
func BenchmarkVerify(b *testing.B) {
	for _, alg := range []struct {
		name   string
		key    string
		method jwt.SigningMethod
		sign   any
	}{
		{"HS256", hsSecret, jwt.SigningMethodHS256, []byte(hsSecret)},
		{"RS256", pemOf(rsaKey), jwt.SigningMethodRS256, rsaKey},
	} {
		token := mint(b, alg.method, alg.sign, "", goodClaims())
		for _, mode := range []struct {
			name  string
			cache int
		}{{"cached", 0}, {"uncached", -1}} {
			b.Run(fmt.Sprintf("%s/%s", alg.name, mode.name), func(b *testing.B) {
				v, _ := newVerifier(b, Config{CacheSize: mode.cache}, alg.key)
				ctx := context.Background()
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, bad, err := v.Verify(ctx, token, Options{}); bad != nil || err != nil {
							b.Fatal(bad, err)
						}
					}
				})
			})
		}
	}
}
