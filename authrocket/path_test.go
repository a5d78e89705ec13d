package authrocket_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

// hostileIDs are path parameters that could change the upstream path or the
// request line. None of them may be sent.
var hostileIDs = map[string]string{
	"Empty":              "",
	"Dot":                ".",
	"DotDot":             "..",
	"Slash":              "a/b",
	"LeadingSlash":       "/usr_1",
	"TrailingSlash":      "usr_1/",
	"DotDotSlash":        "../realms",
	"SlashDotDot":        "usr_1/..",
	"Backslash":          `..\realms`,
	"EncodedDotDot":      "%2e%2e",
	"EncodedSlash":       "a%2Fb",
	"EncodedSlashOnly":   "%2F",
	"Percent":            "100%",
	"Query":              "?x",
	"QueryInside":        "usr_1?realm_id=rl_other",
	"Fragment":           "#x",
	"FragmentInside":     "usr_1#x",
	"NUL":                "usr\x00",
	"Tab":                "usr\t1",
	"CR":                 "usr\r1",
	"LF":                 "usr\n1",
	"CRLFHeader":         "usr_1 HTTP/1.1\r\nX-Evil: 1\r\n",
	"ESC":                "\x1b[31m",
	"DEL":                "usr\x7f",
	"InvalidUTF8":        "usr_\xff\xfe",
	"TooLong":            strings.Repeat("a", authrocket.MaxPathParamLen+1),
	"TooLongMultibyte":   strings.Repeat("é", authrocket.MaxPathParamLen/2+1),
	"DotDotEncodedSlash": "..%2F..%2Frealms",
}

// TestPathParamsRefused sends every hostile ID through every kind of method
// that puts one in its path, and checks that nothing reached the server.
func TestPathParamsRefused(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	calls := map[string]func(id string) (string, proto.Message, proto.Message){
		"GetUser": func(id string) (string, proto.Message, proto.Message) {
			return "UsersService.GetUser", &arv2.GetUserRequest{Id: id}, &arv2.GetUserResponse{}
		},
		"UpdateUser": func(id string) (string, proto.Message, proto.Message) {
			return "UsersService.UpdateUser", &arv2.UpdateUserRequest{Id: id, User: &arv2.UserInput{Reference: proto.String("x")}}, &arv2.UpdateUserResponse{}
		},
		"AuthenticateUser": func(id string) (string, proto.Message, proto.Message) {
			return "UsersService.AuthenticateUser", &arv2.AuthenticateUserRequest{Id: id, User: &arv2.AuthenticateUserInput{Password: "pw"}}, &arv2.AuthenticateUserResponse{}
		},
		"DeleteOrg": func(id string) (string, proto.Message, proto.Message) {
			return "OrgsService.DeleteOrg", &arv2.DeleteOrgRequest{Id: id, Force: proto.Bool(true)}, &arv2.DeleteOrgResponse{}
		},
		"GetMembership": func(id string) (string, proto.Message, proto.Message) {
			return "MembershipsService.GetMembership", &arv2.GetMembershipRequest{Id: id}, &arv2.GetMembershipResponse{}
		},
	}
	for callName, build := range calls {
		for idName, id := range hostileIDs {
			t.Run(callName+"/"+idName, func(t *testing.T) {
				name, req, resp := build(id)
				_, res, err := call(t, c, name, req, resp, authrocket.CallOptions{})
				if !errors.Is(err, authrocket.ErrInvalidRequest) {
					t.Fatalf("err = %v, want ErrInvalidRequest", err)
				}
				e := asError(t, err)
				if e.HTTPStatus != 0 || e.RequestID != "" || res != (authrocket.Response{}) {
					t.Errorf("refused request has an answer: %+v, %+v", e, res)
				}
				if !strings.HasPrefix(e.Endpoint, "GET /v2/") && !strings.HasPrefix(e.Endpoint, "PUT /v2/") &&
					!strings.HasPrefix(e.Endpoint, "POST /v2/") && !strings.HasPrefix(e.Endpoint, "DELETE /v2/") {
					t.Errorf("Endpoint %q", e.Endpoint)
				}
				if id != "" && len(id) > 3 && strings.Contains(err.Error(), id) {
					t.Errorf("error quotes the hostile value: %v", err)
				}
			})
		}
	}
	if got := u.emu.Requests(); len(got) != 0 {
		t.Errorf("the emulator saw %d requests, want 0: first %s %s", len(got), got[0].Method, got[0].Path)
	}
	if got := u.wire(); len(got) != 0 {
		t.Errorf("the server saw %d requests, want 0: %q", len(got), got)
	}
}

// TestHeaderValuesRefused: a realm or locale that could split a header is
// refused before anything is sent.
func TestHeaderValuesRefused(t *testing.T) {
	u := newUpstream(t)
	tests := map[string]struct {
		defaultRealm string
		req          *arv2.GetUserRequest
		opts         authrocket.CallOptions
	}{
		"CallRealmCRLF":    {opts: authrocket.CallOptions{Realm: "rl_1\r\nX-Evil: 1"}},
		"CallRealmNUL":     {opts: authrocket.CallOptions{Realm: "rl_1\x00"}},
		"RequestRealmLF":   {req: &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_1\nX: y")}},
		"RequestRealmLong": {req: &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String("rl_" + strings.Repeat("a", 300))}},
		"DefaultRealmCR":   {defaultRealm: "rl_1\rX"},
		"LocaleCRLF":       {opts: authrocket.CallOptions{Locale: "es\r\nX-Evil: 1"}},
		"LocaleNonASCII":   {opts: authrocket.CallOptions{Locale: "españ"}},
		"LocaleDEL":        {opts: authrocket.CallOptions{Locale: "es\x7f"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c := u.client(t, func(cfg *authrocket.Config) {
				if tt.defaultRealm != "" {
					cfg.DefaultRealm = tt.defaultRealm
				}
			})
			req := tt.req
			if req == nil {
				req = &arv2.GetUserRequest{Id: "usr_1"}
			}
			_, _, err := call(t, c, "UsersService.GetUser", req, &arv2.GetUserResponse{}, tt.opts)
			if !errors.Is(err, authrocket.ErrInvalidRequest) {
				t.Fatalf("err = %v, want ErrInvalidRequest", err)
			}
			if e := asError(t, err); e.HTTPStatus != 0 {
				t.Errorf("HTTPStatus %d", e.HTTPStatus)
			}
		})
	}
	if got := u.wire(); len(got) != 0 {
		t.Errorf("the server saw %q, want nothing", got)
	}
}

// TestPathParamsAccepted: ordinary IDs, emails and usernames reach the
// emulator unchanged (after the server's own unescaping).
func TestPathParamsAccepted(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	usr := createUser(t, c, "first.last+tag@example.co.uk", "")
	named := mustCall(t, c, "UsersService.UpdateUser", &arv2.UpdateUserRequest{Id: usr.GetId(), User: &arv2.UserInput{Username: proto.String("Zoë_o'neil-1")}}, &arv2.UpdateUserResponse{}, authrocket.CallOptions{}).GetUser()
	if named.GetUsername() == "" {
		t.Fatalf("username not set: %v", named)
	}
	u.reset()
	for _, tt := range []struct {
		id    string
		found bool
	}{
		{usr.GetId(), true},
		{"first.last+tag@example.co.uk", true},
		{"FIRST.LAST+TAG@EXAMPLE.CO.UK", true},
		{"Zoë_o'neil-1", true},
		{"...", false},
		{".hidden", false},
		{"a b", false},
		{"a;b,c=d&e$f:g!h*(i)~", false},
		{"日本語", false},
		{strings.Repeat("a", authrocket.MaxPathParamLen), false},
	} {
		t.Run(tt.id, func(t *testing.T) {
			resp, res, err := call(t, c, "UsersService.GetUser", &arv2.GetUserRequest{Id: tt.id}, &arv2.GetUserResponse{}, authrocket.CallOptions{})
			if tt.found {
				if err != nil || resp.GetUser().GetId() != usr.GetId() || res.HTTPStatus != http.StatusOK {
					t.Errorf("GetUser(%q) = %v, %+v, %v", tt.id, resp.GetUser(), res, err)
				}
			} else if e := asError(t, err); e.HTTPStatus != http.StatusNotFound {
				t.Errorf("GetUser(%q): %v, want the emulator's 404", tt.id, err)
			}
			r := u.only(t)
			if r.Path != "/v2/users/"+tt.id {
				t.Errorf("emulator path %q, want %q", r.Path, "/v2/users/"+tt.id)
			}
			u.reset()
		})
	}
}
