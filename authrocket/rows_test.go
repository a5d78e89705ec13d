package authrocket_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// TestListRowsCarryNoSecrets: an AuthRocket that put secrets or bearer
// tokens in list rows would not get them past the adapter; single objects
// keep them.
func TestListRowsCarryNoSecrets(t *testing.T) {
	answers := map[string]string{
		"/v2/client_apps":      `{"collection":[{"object":"client_app","id":"ca_1","client_type":"oauth2","secret":"app-secret-1"}],"more_results":false}`,
		"/v2/client_apps/ca_1": `{"object":"client_app","id":"ca_1","client_type":"oauth2","secret":"app-secret-1"}`,
		"/v2/invitations":      `{"collection":[{"object":"invitation","id":"nvt_1","token":"invitation-token-1"}],"more_results":false}`,
		"/v2/sessions":         `{"collection":[{"object":"session","id":"kss_1","user_id":"usr_1","token":"a.b.c"}],"more_results":false}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(answers[r.URL.Path]))
	}))
	defer srv.Close()
	c, err := authrocket.NewClient(authrocket.Config{URL: srv.URL + "/v2", APIKey: authrocket.NewSecret(testKey), DefaultRealm: "rl_1"})
	if err != nil {
		t.Fatal(err)
	}
	apps := mustCall(t, c, "ClientAppsService.ListClientApps", &arv2.ListClientAppsRequest{}, &arv2.ListClientAppsResponse{}, authrocket.CallOptions{})
	if len(apps.GetCollection()) != 1 || apps.GetCollection()[0].GetClientType() != "oauth2" || apps.GetCollection()[0].Secret != nil {
		t.Errorf("ListClientApps = %v", apps)
	}
	app := mustCall(t, c, "ClientAppsService.GetClientApp", &arv2.GetClientAppRequest{Id: "ca_1"}, &arv2.GetClientAppResponse{}, authrocket.CallOptions{})
	if app.GetClientApp().GetSecret() != "app-secret-1" {
		t.Errorf("GetClientApp lost the secret of a single object: %v", app)
	}
	inv := mustCall(t, c, "InvitationsService.ListInvitations", &arv2.ListInvitationsRequest{}, &arv2.ListInvitationsResponse{}, authrocket.CallOptions{})
	if len(inv.GetCollection()) != 1 || inv.GetCollection()[0].Token != nil {
		t.Errorf("ListInvitations = %v", inv)
	}
	ss := mustCall(t, c, "SessionsService.ListSessions", &arv2.ListSessionsRequest{UserId: proto.String("usr_1")}, &arv2.ListSessionsResponse{}, authrocket.CallOptions{})
	if len(ss.GetCollection()) != 1 || ss.GetCollection()[0].GetUserId() != "usr_1" || ss.GetCollection()[0].Token != nil {
		t.Errorf("ListSessions = %v", ss)
	}
}

// TestListRowSecretsAreMarked keeps the rule above complete: every field
// of a list row (or of what a row embeds) whose name says it is a secret,
// a token, a password or a key is marked single_object_only, or, for a
// realm's JWT key, hs256_secret (withheld unless granted).
func TestListRowSecretsAreMarked(t *testing.T) {
	secretName := regexp.MustCompile(`(^|_)(token|secret|password|key)$`)
	var walk func(md protoreflect.MessageDescriptor, path string, seen map[protoreflect.FullName]bool)
	walk = func(md protoreflect.MessageDescriptor, path string, seen map[protoreflect.FullName]bool) {
		if seen[md.FullName()] || strings.HasPrefix(string(md.FullName()), "google.protobuf.") {
			return
		}
		seen[md.FullName()] = true
		for i := 0; i < md.Fields().Len(); i++ {
			f := md.Fields().Get(i)
			marked := proto.GetExtension(f.Options(), arv2.E_SingleObjectOnly).(bool)
			jwtKey := proto.GetExtension(f.Options(), arv2.E_Hs256Secret).(bool)
			if (secretName.MatchString(string(f.Name())) || secretName.MatchString(f.JSONName())) && !marked && !jwtKey {
				t.Errorf("%s.%s may be a secret in list rows: mark it [(single_object_only) = true], or [(hs256_secret) = true] for a realm's JWT key", path, f.Name())
			}
			if f.Message() != nil && !marked {
				walk(f.Message(), path+"."+string(f.Name()), seen)
			}
		}
	}
	lists := 0
	protoregistry.GlobalFiles.RangeFilesByPackage("authrocket.v2", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Messages().Len(); i++ {
			m := fd.Messages().Get(i)
			if f := m.Fields().ByName("collection"); f != nil && f.Message() != nil {
				lists++
				walk(f.Message(), string(m.Name())+".collection[]", map[protoreflect.FullName]bool{})
			}
		}
		return true
	})
	if lists < 15 {
		t.Errorf("only %d list answers found", lists)
	}
}
