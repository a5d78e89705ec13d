package conformance_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// totpStep is RFC 6238's time step, as authenticator apps use it.
const totpStep = 30 * time.Second

// totp is the code an authenticator app shows at at for the base32
// otp_secret of a TOTP credential: RFC 6238 over RFC 4226 HOTP with
// HMAC-SHA-1 and 6 digits. It is the suite's own, not the emulator's, so
// that the emulator's TOTP is checked against a second implementation.
func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		t.Fatal("otp_secret is not base32") // the error would show the secret
	}
	mac := hmac.New(sha1.New, key)
	_ = binary.Write(mac, binary.BigEndian, uint64(at.Unix()/int64(totpStep/time.Second)))
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1_000_000)
}

// TestTOTP checks totp against RFC 6238's SHA-1 test vectors (Appendix B;
// the last 6 of their 8 digits).
func TestTOTP(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 2000000000: "279037"} {
		if got := totp(t, secret, time.Unix(unix, 0)); got != want {
			t.Errorf("totp(%d) = %s, want %s", unix, got, want)
		}
	}
}

// wrongTOTP is a code that is not the secret's code anywhere near now.
func wrongTOTP(t *testing.T, secret string) string {
	t.Helper()
	near := map[string]bool{}
	for d := -10; d <= 10; d++ {
		near[totp(t, secret, time.Now().Add(time.Duration(d)*totpStep))] = true
	}
	for n := 0; ; n++ {
		if code := fmt.Sprintf("%06d", n); !near[code] {
			return code
		}
	}
}

// activateTOTP makes the realm's totp auth provider (addressable by type,
// inactive in a new realm) active, and puts its state back when the test ends.
func activateTOTP(t *testing.T, tg target) *arv2.AuthProvider {
	t.Helper()
	needOwnRealm(t, tg)
	aps := arv2.NewAuthProvidersServiceClient(tg.conn)
	p := must(t, func(ctx context.Context) (*arv2.GetAuthProviderResponse, error) {
		return aps.GetAuthProvider(ctx, &arv2.GetAuthProviderRequest{Id: "totp"})
	}).GetAuthProvider()
	if was := p.GetState(); was != "active" {
		p = must(t, func(ctx context.Context) (*arv2.UpdateAuthProviderResponse, error) {
			return aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: p.GetId(), AuthProvider: &arv2.AuthProviderInput{State: proto.String("active")}})
		}).GetAuthProvider()
		cleanup(t, func(ctx context.Context) error {
			_, err := aps.UpdateAuthProvider(ctx, &arv2.UpdateAuthProviderRequest{Id: p.GetId(), AuthProvider: &arv2.AuthProviderInput{State: proto.String(was)}})
			return err
		})
	}
	if p.GetObject() != "auth_provider" || !strings.HasPrefix(p.GetId(), "ap_") || p.GetProviderType() != "totp" || p.GetState() != "active" {
		t.Fatalf("totp auth provider = %v, want it active", p)
	}
	return p
}

// totpCredential is an authenticator app enrolled for a user: its credential
// and the otp_secret it was created with (shown only while the credential is
// new).
type totpCredential struct{ id, secret string }

// newTOTPCredential enrolls an authenticator app for u with the totp
// provider made active: a credential in state new with its otp_secret. It is
// deleted when the test ends.
func newTOTPCredential(t *testing.T, tg target, u *arv2.User) totpCredential {
	t.Helper()
	p := activateTOTP(t, tg)
	creds := arv2.NewCredentialsServiceClient(tg.conn)
	c := must(t, func(ctx context.Context) (*arv2.CreateCredentialResponse, error) {
		return creds.CreateCredential(ctx, &arv2.CreateCredentialRequest{Credential: &arv2.CredentialInput{
			UserId: proto.String(u.GetId()), CredentialType: proto.String("totp"), AuthProviderId: proto.String(p.GetId()), Name: proto.String("Conformance phone"),
		}})
	}).GetCredential()
	if c.GetObject() != "credential" || !strings.HasPrefix(c.GetId(), "crd_") || c.GetUserId() != u.GetId() || c.GetCredentialType() != "totp" ||
		c.GetState() != "new" || c.GetOtpSecret() == "" || !strings.HasPrefix(c.GetProvisioningUri(), "otpauth://totp/") {
		t.Fatalf("CreateCredential: object %q, id %q, user %q, type %q, state %q, otp_secret set %v, provisioning_uri an otpauth URI %v; want a new totp credential of %s",
			c.GetObject(), c.GetId(), c.GetUserId(), c.GetCredentialType(), c.GetState(), c.GetOtpSecret() != "", strings.HasPrefix(c.GetProvisioningUri(), "otpauth://totp/"), u.GetId())
	}
	cleanup(t, func(ctx context.Context) error {
		_, err := creds.DeleteCredential(ctx, &arv2.DeleteCredentialRequest{Id: c.GetId()})
		return err
	})
	return totpCredential{id: c.GetId(), secret: c.GetOtpSecret()}
}

// verifyTOTP verifies c with the code the app shows now; c is then active.
func verifyTOTP(t *testing.T, tg target, c totpCredential) totpCredential {
	t.Helper()
	v := must(t, func(ctx context.Context) (*arv2.VerifyCredentialResponse, error) {
		return arv2.NewCredentialsServiceClient(tg.conn).VerifyCredential(ctx, &arv2.VerifyCredentialRequest{
			Id: c.id, Credential: &arv2.VerifyCredentialInput{Code: totp(t, c.secret, time.Now())},
		})
	}).GetCredential()
	if v.GetId() != c.id || v.GetState() != "active" {
		t.Fatalf("VerifyCredential: id %q, state %q; want %s active", v.GetId(), v.GetState(), c.id)
	}
	return c
}

// testTOTPCredential enrolls an authenticator app: a wrong code is 422
// "Verification failed", the right one makes the credential active, and the
// secret is no longer shown.
func testTOTPCredential(t *testing.T, tg target) {
	needOwnRealm(t, tg) // the totp provider must be active
	creds := arv2.NewCredentialsServiceClient(tg.conn)
	u := newUser(t, tg, &arv2.UserInput{})
	c := newTOTPCredential(t, tg, u)
	ae := failure(t, http.StatusUnprocessableEntity, func(ctx context.Context) (*arv2.VerifyCredentialResponse, error) {
		return creds.VerifyCredential(ctx, &arv2.VerifyCredentialRequest{Id: c.id, Credential: &arv2.VerifyCredentialInput{Code: wrongTOTP(t, c.secret)}})
	})
	if !slices.Contains(ae.Messages, "Verification failed") {
		t.Errorf("messages = %q, want Verification failed", ae.Messages)
	}
	verifyTOTP(t, tg, c)
	got := must(t, func(ctx context.Context) (*arv2.GetCredentialResponse, error) {
		return creds.GetCredential(ctx, &arv2.GetCredentialRequest{Id: c.id})
	}).GetCredential()
	if got.GetId() != c.id || got.GetState() != "active" || got.GetOtpSecret() != "" || got.GetProvisioningUri() != "" {
		t.Errorf("GetCredential: id %q, state %q, otp_secret or provisioning_uri shown %v; want %s active without them",
			got.GetId(), got.GetState(), got.GetOtpSecret() != "" || got.GetProvisioningUri() != "", c.id)
	}
	deleteCredential(t, tg, c.id)
}

// deleteCredential deletes a credential; it is then a 404.
func deleteCredential(t *testing.T, tg target, id string) {
	t.Helper()
	creds := arv2.NewCredentialsServiceClient(tg.conn)
	must(t, func(ctx context.Context) (*arv2.DeleteCredentialResponse, error) {
		return creds.DeleteCredential(ctx, &arv2.DeleteCredentialRequest{Id: id})
	})
	failure(t, http.StatusNotFound, func(ctx context.Context) (*arv2.GetCredentialResponse, error) {
		return creds.GetCredential(ctx, &arv2.GetCredentialRequest{Id: id})
	})
}

// testPasswordCredential changes a password through the user's embedded
// password credential, then deletes it, which AuthRocket allows even for the
// only one.
func testPasswordCredential(t *testing.T, tg target) {
	u := newUser(t, tg, &arv2.UserInput{Password: proto.String("first password 1")})
	if len(u.GetCredentials()) != 1 {
		t.Fatalf("credentials = %v, want the password credential", u.GetCredentials())
	}
	id := u.GetCredentials()[0].GetId()
	up := must(t, func(ctx context.Context) (*arv2.UpdateCredentialResponse, error) {
		return arv2.NewCredentialsServiceClient(tg.conn).UpdateCredential(ctx, &arv2.UpdateCredentialRequest{Id: id, Credential: &arv2.CredentialInput{
			Password: proto.String("second password 2"), PasswordConfirmation: proto.String("second password 2"),
		}})
	}).GetCredential()
	if up.GetObject() != "credential" || up.GetId() != id || up.GetUserId() != u.GetId() || up.GetCredentialType() != "password" {
		t.Errorf("UpdateCredential = %v", up)
	}
	wantSession(t, "AuthenticateUser", must(t, func(ctx context.Context) (*arv2.AuthenticateUserResponse, error) {
		return authenticate(ctx, tg, u.GetId(), "second password 2", "")
	}).GetSession(), u.GetId())
	loginFails(t, tg, u.GetId(), "first password 1")
	deleteCredential(t, tg, id)
}
