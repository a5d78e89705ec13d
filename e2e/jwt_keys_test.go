package e2e

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// verifyWithJWKS fetches the JWKS at loginrocketURL + /connect/jwks, as an
// SDK configured with LOGINROCKET_URL does (no API key), and verifies the
// RS256 token with the x5c[0] key of its kid.
func verifyWithJWKS(t *testing.T, loginrocketURL, token string) error {
	t.Helper()
	res, err := http.Get(loginrocketURL + "/connect/jwks")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Keys []struct {
			Kid, Alg string
			X5c      []string
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != 200 {
		t.Fatalf("JWKS at %s: %d %v", loginrocketURL, res.StatusCode, err)
	}
	parts := strings.Split(token, ".")
	var header struct{ Kid string }
	raw, _ := base64.RawURLEncoding.DecodeString(parts[0])
	_ = json.Unmarshal(raw, &header)
	for _, k := range doc.Keys {
		if k.Kid != header.Kid || k.Alg != "RS256" || len(k.X5c) != 1 {
			continue
		}
		der, _ := base64.StdEncoding.DecodeString(k.X5c[0])
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return err
		}
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		return rsa.VerifyPKCS1v15(pub.(*rsa.PublicKey), crypto.SHA256, sum[:], sig)
	}
	return fmt.Errorf("no RS256 key %q in the JWKS", header.Kid)
}

// TestJwtKeysEveryRPC calls every JwtKeysService RPC over gRPC, then every
// jwt_keys route over REST: rotation shows in the realm's JWKS, rs256 keys
// carry their public key, and no answer carries an hs256 key (the realm's
// jsk_ secret) without a grant.
func TestJwtKeysEveryRPC(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx(t)
	keys := arv2.NewJwtKeysServiceClient(e.conn)
	users := arv2.NewUsersServiceClient(e.conn)
	sessions := arv2.NewSessionsServiceClient(e.conn)
	uid := call(users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("keys@example.com")}})).must(t).GetUser().GetId()
	token := func() string {
		return call(sessions.CreateSession(ctx, &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String(uid)}})).must(t).GetSession().GetToken()
	}
	first := token()
	if err := verifyWithJWKS(t, e.loginrocket, first); err != nil {
		t.Fatalf("a session token made through the gateway vs the realm's JWKS: %v", err)
	}

	list := call(keys.ListJwtKeys(ctx, &arv2.ListJwtKeysRequest{})).must(t)
	if len(list.GetCollection()) != 2 || list.GetMoreResults() {
		t.Fatalf("ListJwtKeys = %v", list)
	}
	var oldRS, hs *arv2.JwtKey
	for _, k := range list.GetCollection() {
		if k.GetObject() != "jwt_key" || !strings.HasPrefix(k.GetId(), "jky_") || k.GetRealmId() != e.realm || k.GetUse() != "sign" || k.GetCreatedAt() == nil {
			t.Errorf("key %v", k)
		}
		if k.GetAlgo() == "rs256" {
			oldRS = k
		} else {
			hs = k
		}
	}
	if raw, _ := proto.Marshal(list); strings.Contains(string(raw), "jsk_") {
		t.Errorf("ListJwtKeys hands on the realm's JWT secret: %v", list)
	}
	if !strings.HasPrefix(oldRS.GetKeyMaterial(), "-----BEGIN PUBLIC KEY-----") || oldRS.GetShortKeyMaterial() == "" || hs.KeyMaterial != nil || hs.ShortKeyMaterial != nil {
		t.Errorf("ListJwtKeys: rs256 key %.40q / %.20q (want its public key), hs256 key set %v", oldRS.GetKeyMaterial(), oldRS.GetShortKeyMaterial(), hs.KeyMaterial != nil)
	}

	var header metadata.MD
	created := call(keys.CreateJwtKey(ctx, &arv2.CreateJwtKeyRequest{JwtKey: &arv2.JwtKeyInput{Algo: proto.String("rs256")}}, grpc.Header(&header))).must(t).GetJwtKey()
	if created.GetAlgo() != "rs256" || len(created.GetFlags()) != 1 || created.GetFlags()[0] != "current" {
		t.Fatalf("CreateJwtKey = %v", created)
	}
	if got := header.Get("authrocket-http-status"); len(got) != 1 || got[0] != "201" {
		t.Errorf("authrocket-http-status = %v", got)
	}
	if got := call(keys.GetJwtKey(ctx, &arv2.GetJwtKeyRequest{Id: oldRS.GetId()})).must(t).GetJwtKey(); got.GetId() != oldRS.GetId() || len(got.GetFlags()) != 0 {
		t.Errorf("GetJwtKey(old) = %v", got)
	}
	second := token()
	for _, tok := range []string{first, second} {
		if err := verifyWithJWKS(t, e.loginrocket, tok); err != nil {
			t.Errorf("after rotation: %v", err)
		}
	}
	if got := call(keys.DeleteJwtKey(ctx, &arv2.DeleteJwtKeyRequest{Id: oldRS.GetId()})).must(t).GetJwtKey(); got.GetId() != oldRS.GetId() {
		t.Errorf("DeleteJwtKey = %v", got)
	}
	if verifyWithJWKS(t, e.loginrocket, first) == nil {
		t.Error("a token of a deleted key still verifies against the JWKS")
	}
	_, err := keys.GetJwtKey(ctx, &arv2.GetJwtKeyRequest{Id: oldRS.GetId()})
	wantCode(t, err, codes.NotFound)
	_, err = keys.DeleteJwtKey(ctx, &arv2.DeleteJwtKeyRequest{Id: hs.GetId()})
	if st := wantCode(t, err, codes.FailedPrecondition); st.Message() != "Cannot delete the realm's last hs256 key" {
		t.Errorf("message = %q", st.Message())
	}

	noUpstream := e.noUpstreamSince(t)
	for name, f := range map[string]func() error{
		"hostile id": func() error { _, err := keys.GetJwtKey(ctx, &arv2.GetJwtKeyRequest{Id: "jky_1/../x"}); return err },
		"not an ID":  func() error { _, err := keys.DeleteJwtKey(ctx, &arv2.DeleteJwtKeyRequest{Id: "key one"}); return err },
		"bad algo": func() error {
			_, err := keys.CreateJwtKey(ctx, &arv2.CreateJwtKeyRequest{JwtKey: &arv2.JwtKeyInput{Algo: proto.String("es256")}})
			return err
		},
		"no root": func() error { _, err := keys.CreateJwtKey(ctx, &arv2.CreateJwtKeyRequest{}); return err },
		"max_results": func() error {
			_, err := keys.ListJwtKeys(ctx, &arv2.ListJwtKeysRequest{MaxResults: proto.Int32(0)})
			return err
		},
	} {
		if st := wantCode(t, f(), codes.InvalidArgument); st.Message() == "" {
			t.Errorf("%s: empty message", name)
		}
	}
	noUpstream("refused requests")

	// REST, as an SDK calls it.
	k := restDo(t, e, http.StatusCreated, "POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "hs256", "use": "sign"}})
	kid, _ := k["id"].(string)
	if k["object"] != "jwt_key" || k["algo"] != "hs256" || !strings.HasPrefix(kid, "jky_") {
		t.Fatalf("POST /v2/jwt_keys = %v", k)
	}
	for _, field := range []string{"key", "short_key"} {
		if k[field] != nil {
			t.Errorf("%s is handed on: %v", field, k)
		}
	}
	if got := restDo(t, e, 200, "GET", "/v2/jwt_keys/"+kid, nil); got["id"] != kid {
		t.Errorf("GET /v2/jwt_keys/%s = %v", kid, got)
	}
	page := restDo(t, e, 200, "GET", "/v2/jwt_keys?max_results=1", nil)
	if rows, _ := page["collection"].([]any); len(rows) != 1 || rows[0].(map[string]any)["id"] != kid || page["more_results"] != true {
		t.Errorf("GET /v2/jwt_keys?max_results=1 (newest first) = %v", page)
	}
	if got := restDo(t, e, 200, "DELETE", "/v2/jwt_keys/"+kid, nil); got["id"] != kid {
		t.Errorf("DELETE /v2/jwt_keys = %v", got)
	}
	restDo(t, e, 404, "GET", "/v2/jwt_keys/"+kid, nil)
	restDo(t, e, 409, "DELETE", "/v2/jwt_keys/"+hs.GetId(), nil)
	restDo(t, e, 422, "POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{}})
	noUpstream = e.noUpstreamSince(t)
	restDo(t, e, 400, "GET", "/v2/jwt_keys/jky_1%2F..%2Fx", nil)
	restDo(t, e, 400, "POST", "/v2/jwt_keys", map[string]any{"jwt_key": map[string]any{"algo": "none"}})
	noUpstream("refused REST requests")
}
