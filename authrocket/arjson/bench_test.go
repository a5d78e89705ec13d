package arjson

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Realistic AuthRocket objects, as AuthRocket sends them.
const (
	benchUserJSON = `{"object":"user","id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k","realm_id":"rl_0vWr4ZjLVbP9ZqnN3g5a1x",` +
		`"state":"active","email":"jane.doe@example.com","email_verification":"verified",` +
		`"first_name":"Jane","last_name":"Doe","name":"Jane Doe","username":"janedoe","locale":"en",` +
		`"reference":"cust-4821","custom":{"plan":"pro","seats":12,"beta":true,"tags":["admin","billing"],` +
		`"score":97.5,"region":null},"created_at":1735689600.123,"last_login_at":1739876543.501,` +
		`"credentials":[{"object":"credential","id":"crd_0vWr9aB3cD4eF5gH6iJ7kL","user_id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k",` +
		`"credential_type":"password","state":"active","created_at":1735689600.123},` +
		`{"object":"credential","id":"crd_0vWsA1b2C3d4E5f6G7h8I9","user_id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k",` +
		`"credential_type":"totp","state":"active","name":"Pixel 8","auth_provider_id":"ap_0vWr5Totp9xYz",` +
		`"created_at":1736000000}],` +
		`"memberships":[{"object":"membership","id":"mb_0vWrB7nM2pQ4rS6tU8vW0x","org_id":"org_0vWr6AcmeInc1234567",` +
		`"user_id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k","permissions":["ar:owner","billing:read"],"selected":true,` +
		`"created_at":1735689700,"org":{"object":"org","id":"org_0vWr6AcmeInc1234567","realm_id":"rl_0vWr4ZjLVbP9ZqnN3g5a1x",` +
		`"name":"Acme Inc","state":"active","reference":"acme","custom":{"tier":"enterprise","seats":50},` +
		`"created_at":1735600000.5}},` +
		`{"object":"membership","id":"mb_0vWrC9oP1qR3sT5uV7wX9y","org_id":"org_0vWr7Globex98765432",` +
		`"user_id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k","permissions":["billing:read"],"expires_at":1767225600,` +
		`"created_at":1738000000.25,"org":{"object":"org","id":"org_0vWr7Globex98765432",` +
		`"realm_id":"rl_0vWr4ZjLVbP9ZqnN3g5a1x","name":"Globex","state":"active","created_at":1737000000}}]}`

	benchListRow = `{"object":"user","id":"usr_0vWr8ZjMZfVxL8iZmH6Q2%d","realm_id":"rl_0vWr4ZjLVbP9ZqnN3g5a1x",` +
		`"state":"active","email":"user%d@example.com","email_verification":"none","first_name":"User",` +
		`"last_name":"Number %d","name":"User Number %d","locale":"en","custom":{"plan":"free"},` +
		`"created_at":1735689600.%d00,"last_login_at":1739876543}`

	benchSessionJSON = `{"object":"session","id":"kss_0vWrD2eF4gH6iJ8kL0mN2o","user_id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k",` +
		`"token":"eyJhbGciOiJSUzI1NiIsImtpZCI6ImprX3Rlc3QiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOiJybF8wdldyNFpqTFZiUDlacW5OM2c1YTF4` +
		`IiwiZXhwIjoxNzM5OTYyOTQzLCJpYXQiOjE3Mzk4NzY1NDMsImlzcyI6Imh0dHBzOi8vYXV0aC5leGFtcGxlLmNvbSIsIm5hbWUiOiJKYW5lIERv` +
		`ZSIsInNpZCI6Imtzc18wdldyRDJlRjRnSDZpSjhrTDBtTjJvIiwic3ViIjoidXNyXzB2V3I4WmpNWmZWeEw4aVptSDZRMmsifQ.c2lnbmF0dXJlLW` +
		`J5dGVzLWFyZS1oZXJlLWJ1dC1ub3QtcmVhbGx5LWEtc2lnbmF0dXJlLWF0LWFsbC0xMjM0NTY3ODkwYWJjZGVmZ2hpams",` +
		`"created_at":1739876543.501,"expires_at":1739962943.501,` +
		`"request":{"ip":"203.0.113.7","client":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15"},` +
		`"user":{"object":"user","id":"usr_0vWr8ZjMZfVxL8iZmH6Q2k","realm_id":"rl_0vWr4ZjLVbP9ZqnN3g5a1x",` +
		`"state":"active","email":"jane.doe@example.com","first_name":"Jane","last_name":"Doe","name":"Jane Doe",` +
		`"custom":{"plan":"pro"},"created_at":1735689600.123,"last_login_at":1739876543.501}}`
)

func benchListJSON() string {
	s := `{"collection":[`
	for i := range 5 {
		if i > 0 {
			s += ","
		}
		s += strings.ReplaceAll(benchListRow, "%d", strconv.Itoa(i+1))
	}
	return s + `],"more_results":true}`
}

var epochField = regexp.MustCompile(`"(\w+_at)":(-?[0-9]+(?:\.[0-9]+)?)`)

// protojsonForm rewrites the epoch timestamps of an AuthRocket document as
// RFC 3339 strings, the form protojson accepts.
func protojsonForm(s string) string {
	return epochField.ReplaceAllStringFunc(s, func(m string) string {
		sub := epochField.FindStringSubmatch(m)
		f, err := strconv.ParseFloat(sub[2], 64)
		if err != nil {
			panic(err)
		}
		ms := int64(f*1000 + 0.5)
		t := time.UnixMilli(ms).UTC()
		return `"` + sub[1] + `":"` + t.Format(time.RFC3339Nano) + `"`
	})
}

func BenchmarkUnmarshal(b *testing.B) {
	objects := []struct {
		name string
		in   string
		msg  func() proto.Message
	}{
		{"user", benchUserJSON, func() proto.Message { return new(arv2.User) }},
		{"list", benchListJSON(), func() proto.Message { return new(arv2.ListUsersResponse) }},
		{"session", benchSessionJSON, func() proto.Message { return new(arv2.Session) }},
	}
	for _, o := range objects {
		in, pin := []byte(o.in), []byte(protojsonForm(o.in))
		want, pwant := o.msg(), o.msg()
		if err := Unmarshal(in, want); err != nil {
			b.Fatalf("%s: arjson: %v", o.name, err)
		}
		if err := protojson.Unmarshal(pin, pwant); err != nil {
			b.Fatalf("%s: protojson: %v", o.name, err)
		}
		if !proto.Equal(want, pwant) {
			b.Fatalf("%s: arjson and protojson decode different messages", o.name)
		}
		b.Run(o.name+"/arjson", func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Unmarshal(in, o.msg()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(o.name+"/protojson", func(b *testing.B) {
			b.SetBytes(int64(len(pin)))
			b.ReportAllocs()
			for b.Loop() {
				if err := protojson.Unmarshal(pin, o.msg()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
