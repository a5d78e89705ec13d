package server

import (
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/call"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// authzPolicy is the policy of the authorization tests: caller one (some
// methods, realm rl_a), two (realms rl_a and rl_b) and all (everything).
func authzPolicy(t *testing.T) *policy.Policy {
	t.Helper()
	pol, err := policy.Parse(strings.NewReader(`
callers:
  - name: one
    credentials: [`+policy.HashCredential("a")+`]
    methods: ["authrocket.v2.UsersService/Get*", "authrocket.v2.RealmsService/*"]
    realms: [rl_a]
  - name: two
    credentials: [`+policy.HashCredential("b")+`]
    methods: ["authrocket.v2.UsersService/*"]
    realms: [rl_a, rl_b]
  - name: all
    credentials: [`+policy.HashCredential("c")+`]
    methods: ["*/*"]
    realms: ["*"]
`), Methods())
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

// authorize runs the authorization stages of the call path, method then
// realms, for caller's call of fullMethod ("/authrocket.v2.UsersService/GetUser").
func authorize(t *testing.T, defaultRealm string, caller *policy.Caller, fullMethod string, req proto.Message, md metadata.MD) (*inflight, error) {
	t.Helper()
	name := strings.TrimPrefix(fullMethod, "/")
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(strings.Replace(name, "/", ".", 1)))
	if err != nil {
		t.Fatal(err)
	}
	m := &method{name: name, desc: d.(protoreflect.MethodDescriptor), api: inAPI(name)}
	p := &pipeline{defaultRealm: defaultRealm}
	c := &inflight{rec: call.New(time.Now(), call.GRPC, name, "req-1", call.Peer{}), md: md, caller: caller}
	if err := p.authorizeMethod(c, m); err != nil {
		return c, err
	}
	return c, p.checkRealms(c, m, req)
}

// TestAuthz drives the authorization stages with the callers of a
// policy: which calls pass, in which realm AuthRocket works, and how each
// refusal reads.
func TestAuthz(t *testing.T) {
	pol := authzPolicy(t)
	one, two, all := pol.ByCredential("a"), pol.ByCredential("b"), pol.ByCredential("c")
	const (
		getUser    = "/authrocket.v2.UsersService/GetUser"
		createUser = "/authrocket.v2.UsersService/CreateUser"
		getRealm   = "/authrocket.v2.RealmsService/GetRealm"
		listRealms = "/authrocket.v2.RealmsService/ListRealms"
	)
	getUserIn := func(realm string) proto.Message {
		return &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String(realm)}
	}
	tests := []struct {
		name          string
		caller        *policy.Caller
		method        string
		req           proto.Message
		realmHeaders  []string
		defaultRealm  string
		wantRealm     string // on success
		wantCode      codes.Code
		wantReason    string
		wantRuleAudit string
	}{
		{"allowed method, only realm by default", one, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "", "rl_a", codes.OK, "", "one: authrocket.v2.UsersService/Get*"},
		{"the caller's realm wins over the gateway's default", one, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "rl_b", "rl_a", codes.OK, "", ""},
		{"allowed realm in realm_id", one, getUser, getUserIn("rl_a"), nil, "", "rl_a", codes.OK, "", ""},
		{"allowed realm in the header", one, getUser, &arv2.GetUserRequest{Id: "usr_1"}, []string{"rl_a"}, "", "rl_a", codes.OK, "", ""},
		{"method not allowed", one, createUser, &arv2.CreateUserRequest{}, nil, "", "", codes.PermissionDenied, reasonMethodNotAllowed, "one: no method pattern matches"},
		{"realm_id not allowed", one, getUser, getUserIn("rl_b"), nil, "", "", codes.PermissionDenied, reasonRealmNotAllowed, "one: realm rl_b not allowed"},
		{"header realm not allowed", one, getUser, &arv2.GetUserRequest{Id: "usr_1"}, []string{"rl_b"}, "", "", codes.PermissionDenied, reasonRealmNotAllowed, ""},
		{"a second header realm not allowed", one, getUser, getUserIn("rl_a"), []string{"rl_a", "rl_b"}, "", "", codes.PermissionDenied, reasonRealmNotAllowed, ""},
		{"realm in realm_id, another in the header", one, getUser, getUserIn("rl_a"), []string{"rl_b"}, "", "", codes.PermissionDenied, reasonRealmNotAllowed, ""},
		{"own realm by id", one, getRealm, &arv2.GetRealmRequest{Id: "rl_a"}, nil, "", "rl_a", codes.OK, "", ""},
		{"other realm by id", one, getRealm, &arv2.GetRealmRequest{Id: "rl_b"}, nil, "", "", codes.PermissionDenied, reasonRealmNotAllowed, ""},
		{"other realm by id, own in the header", one, getRealm, &arv2.GetRealmRequest{Id: "rl_b"}, []string{"rl_a"}, "", "", codes.PermissionDenied, reasonRealmNotAllowed, ""},
		{"account-wide call, some realms", one, listRealms, &arv2.ListRealmsRequest{}, nil, "", "", codes.PermissionDenied, reasonRealmNotAllowed, "one: account-wide call needs every realm"},
		{"account-wide call, every realm", all, listRealms, &arv2.ListRealmsRequest{}, nil, "", "", codes.OK, "", "all: */*"},
		{"several realms, none named", two, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "", "", codes.InvalidArgument, reasonRealmRequired, ""},
		{"several realms, the gateway's default among them", two, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "rl_b", "rl_b", codes.OK, "", ""},
		{"several realms, the gateway's default not among them", two, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "rl_c", "", codes.InvalidArgument, reasonRealmRequired, ""},
		{"several realms, one named", two, getUser, getUserIn("rl_b"), nil, "", "rl_b", codes.OK, "", ""},
		{"every realm, none named, no default", all, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "", "", codes.OK, "", ""},
		{"every realm, the gateway's default", all, getUser, &arv2.GetUserRequest{Id: "usr_1"}, nil, "rl_z", "rl_z", codes.OK, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := metadata.MD{}
			for _, h := range tt.realmHeaders {
				md.Append(mdRealm, h)
			}
			c, err := authorize(t, tt.defaultRealm, tt.caller, tt.method, tt.req, md)
			st := statusOf(err, "")
			if st.Code() != tt.wantCode {
				t.Fatalf("code = %v (%v), want %v", st.Code(), err, tt.wantCode)
			}
			rec := c.rec
			if tt.wantCode == codes.OK {
				if c.realm != tt.wantRealm || rec.Realm() != tt.wantRealm || rec.Decision() != call.Allow {
					t.Errorf("realm = %q (audit %q, %v), want %q", c.realm, rec.Realm(), rec.Decision(), tt.wantRealm)
				}
			} else {
				var reason string
				for _, d := range st.Details() {
					if info, ok := d.(*errdetails.ErrorInfo); ok {
						reason = info.Reason
					}
				}
				if reason != tt.wantReason || rec.Decision() != call.Deny || !strings.Contains(st.Message(), tt.caller.Name) {
					t.Errorf("reason %q, decision %v, message %q", reason, rec.Decision(), st.Message())
				}
			}
			if tt.wantRuleAudit != "" && rec.Rule() != tt.wantRuleAudit {
				t.Errorf("audit rule = %q, want %q", rec.Rule(), tt.wantRuleAudit)
			}
		})
	}
}

// TestRealmFieldsAreTopLevel guards callRealms' reading of realm_id at the
// top level only: no request of authrocket.v2 has one deeper down, where a
// realm could slip past the policy.
func TestRealmFieldsAreTopLevel(t *testing.T) {
	var walk func(m protoreflect.MessageDescriptor, path string, seen map[protoreflect.FullName]bool)
	walk = func(m protoreflect.MessageDescriptor, path string, seen map[protoreflect.FullName]bool) {
		if seen[m.FullName()] {
			return
		}
		seen[m.FullName()] = true
		for i := 0; i < m.Fields().Len(); i++ {
			f := m.Fields().Get(i)
			if strings.Contains(path, ".") && f.Name() == "realm_id" {
				t.Errorf("%s.realm_id: a realm below the top level of a request", path)
			}
			if f.Message() != nil {
				walk(f.Message(), path+"."+string(f.Name()), seen)
			}
		}
	}
	n := 0
	for _, method := range Methods() {
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(strings.Replace(method, "/", ".", 1)))
		if err != nil {
			t.Fatal(err)
		}
		in := d.(protoreflect.MethodDescriptor).Input()
		walk(in, string(in.Name()), map[protoreflect.FullName]bool{})
		n++
	}
	if n < 100 {
		t.Errorf("only %d methods walked", n)
	}
}

// TestAuthzMalformedRealms: a realm a call names that is not a realm ID,
// wherever it is named, is INVALID_ARGUMENT (INVALID_REQUEST) before any
// decision on realms, whoever the caller and whatever its policy allows, and
// neither the audit rule nor the message repeats it.
func TestAuthzMalformedRealms(t *testing.T) {
	pol := authzPolicy(t)
	bad := map[string]string{
		"huge":              "rl_" + strings.Repeat("a", 200_000),
		"CRLF":              "rl_a\r\nX-Injected: 1",
		"control character": "rl_a\x00",
		"key-shaped":        "ks_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA",
		"credential-shaped": "argw_Q3XK7V2LJ5N4ZP6RTMW2YH8BCA",
		"upper-case prefix": "RL_a",
		"non-ASCII":         "rl_é",
		"65 characters":     "rl_" + strings.Repeat("a", 65),
	}
	type where struct {
		name   string
		method string
		req    func(realm string) proto.Message
		header bool
		// notAllowed: a method caller one may not call
		notAllowed bool
	}
	places := []where{
		{"realm_id", "/authrocket.v2.UsersService/GetUser", func(r string) proto.Message {
			return &arv2.GetUserRequest{Id: "usr_1", RealmId: proto.String(r)}
		}, false, false},
		{"header", "/authrocket.v2.UsersService/GetUser", func(string) proto.Message { return &arv2.GetUserRequest{Id: "usr_1"} }, true, false},
		{"RealmsService id", "/authrocket.v2.RealmsService/GetRealm", func(r string) proto.Message { return &arv2.GetRealmRequest{Id: r} }, false, false},
		{"header of a method not allowed", "/authrocket.v2.UsersService/CreateUser", func(string) proto.Message { return &arv2.CreateUserRequest{} }, true, true},
	}
	for _, caller := range []*policy.Caller{pol.ByCredential("a"), pol.ByCredential("c")} {
		for _, p := range places {
			for name, value := range bad {
				t.Run(caller.Name+"/"+p.name+"/"+name, func(t *testing.T) {
					md := metadata.MD{}
					if p.header {
						// A good realm first: every header is checked.
						md.Append(mdRealm, "rl_a", value)
					}
					c, err := authorize(t, "", caller, p.method, p.req(value), md)
					rec := c.rec
					if p.notAllowed && !caller.AllRealms() {
						// The method is refused before the realms are read.
						if st := statusOf(err, ""); st.Code() != codes.PermissionDenied || rec.Rule() != caller.Name+": no method pattern matches" {
							t.Errorf("status %v, rule %q, want PERMISSION_DENIED", st.Code(), rec.Rule())
						}
						return
					}
					st := statusOf(err, "")
					if st.Code() != codes.InvalidArgument || reasonOfStatus(st) != "INVALID_REQUEST" {
						t.Fatalf("status %v %q, want INVALID_ARGUMENT INVALID_REQUEST", st.Code(), reasonOfStatus(st))
					}
					if rec.Decision() != call.Deny || !strings.HasPrefix(rec.Rule(), caller.Name+": ") || len(rec.Rule()) > 80 {
						t.Errorf("audit decision %v, rule %q", rec.Decision(), rec.Rule())
					}
					for _, s := range []string{rec.Rule(), st.Message()} {
						if strings.Contains(s, value) || strings.Contains(s, value[:4]) && !strings.HasPrefix(value, "rl_") {
							t.Errorf("%q repeats the value", s)
						}
					}
					if len(st.Message()) > 200 {
						t.Errorf("message of %d bytes", len(st.Message()))
					}
				})
			}
		}
	}
}

// reasonOfStatus is the reason of st's ErrorInfo.
func reasonOfStatus(st *status.Status) string {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}
