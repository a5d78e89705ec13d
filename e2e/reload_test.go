package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// policyOf is a policy of one caller, "default", with the given
// credential and method pattern, in every realm.
func policyOf(credential, methods string) string {
	return "callers:\n  - name: default\n    credentials: [" + policy.HashCredential(credential) +
		"]\n    methods: [\"" + methods + "\"]\n    realms: [\"*\"]\n"
}

// TestPolicyReload: a changed policy file takes effect without a restart; a
// broken one is refused, logged, and the policy in force stays; a
// credential taken out of the policy stops working.
func TestPolicyReload(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{policy: func(*testing.T, *env) string {
		return policyOf(testToken, "authrocket.v2.UsersService/Get*")
	}})
	users := arv2.NewUsersServiceClient(e.conn)
	n := 0
	create := func(token string) codes.Code {
		n++
		_, err := users.CreateUser(withToken(bounded(t), token), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("reload-" + strings.Repeat("x", n) + "@example.com")}})
		return status.Code(err)
	}
	if got := create(testToken); got != codes.PermissionDenied {
		t.Fatalf("CreateUser under a Get* policy: %v", got)
	}

	e.writePolicy(t, policyOf(testToken, "*/*"))
	eventually(t, "allowed to create users", func() bool { return create(testToken) == codes.OK })

	e.writePolicy(t, policyOf(testToken, "authrocket.v2.NoSuchService/*"))
	eventually(t, "logging the refused policy", func() bool {
		return strings.Contains(e.gateway.Output(), "policy not reloaded; the previous policy stays in force")
	})
	if !strings.Contains(e.gateway.Output(), `methods[0] \"authrocket.v2.NoSuchService/*\": matches no method the gateway serves`) {
		t.Errorf("the log does not say what is wrong with the policy:\n%s", e.gateway.Output())
	}
	if got := create(testToken); got != codes.OK {
		t.Errorf("after a broken policy file, CreateUser = %v; the previous policy should stay", got)
	}

	const next = "the-next-credential-0123456789"
	e.writePolicy(t, policyOf(next, "*/*"))
	eventually(t, "refusing the removed credential", func() bool { return create(testToken) == codes.Unauthenticated })
	if got := create(next); got != codes.OK {
		t.Errorf("the new credential: %v", got)
	}
}

// TestAPIKeyRotation rotates AuthRocket's key the way the operator's guide
// says, under a steady stream of calls: a second key is issued, the key
// file is replaced, the old key is revoked once AuthRocket sees only the
// new one. Not one call fails, and neither key appears in the output.
func TestAPIKeyRotation(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{keyFile: true})
	oldKey := e.apiKey
	users := arv2.NewUsersServiceClient(e.conn)
	u, err := users.CreateUser(e.ctx(t), &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("rotation@example.com")}})
	if err != nil {
		t.Fatal(err)
	}

	ctx, stop := context.WithCancel(context.Background())
	var calls, failures atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				_, err := users.GetUser(withToken(context.Background(), testToken), &arv2.GetUserRequest{Id: u.GetUser().GetId()})
				calls.Add(1)
				if err != nil {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
				}
			}
		})
	}

	newKey := e.authrocket(t, "POST", "/_emulator/api_keys", nil)["key"].(string)
	replaceFile(t, e.keyFile, newKey+"\n")
	e.apiKey = newKey // the test's own admin calls, too
	eventually(t, "sending the new key", func() bool {
		_, reqs := e.upstreamLog(t)
		for _, r := range reqs[max(0, len(reqs)-20):] {
			if strings.Join(r.Header["Authorization"], ",") != "Bearer "+newKey {
				return false
			}
		}
		return len(reqs) > 20
	})
	revoke, _ := json.Marshal(map[string]string{"key": oldKey})
	req, _ := http.NewRequest(http.MethodDelete, e.emulatorURL+"/_emulator/api_keys", bytes.NewReader(revoke))
	req.Header.Set("Authorization", "Bearer "+newKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("revoking the old key: %v %v", res, err)
	}
	res.Body.Close()
	before := calls.Load()
	eventually(t, "calling on with the old key revoked", func() bool { return calls.Load() > before+50 })
	stop()
	wg.Wait()

	if failures.Load() != 0 || calls.Load() < 100 {
		t.Errorf("%d of %d calls failed during the rotation (first: %v)", failures.Load(), calls.Load(), firstFailure.Load())
	}
	if !strings.Contains(e.gateway.Output(), "AuthRocket API key reloaded") {
		t.Error("the gateway did not log the key's reload")
	}
	e.gateway.stop() // a clean stop writes the whole audit trail
	for name, key := range map[string]string{"old key": oldKey, "new key": newKey} {
		if strings.Contains(e.gateway.Output(), key) {
			t.Errorf("the gateway's output contains the %s", name)
		}
	}
}
