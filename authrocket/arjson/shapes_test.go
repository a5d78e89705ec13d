package arjson

import (
	"strings"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/structpb"
)

func method(t *testing.T, name string) protoreflect.MethodDescriptor {
	t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		t.Fatal(err)
	}
	return d.(protoreflect.MethodDescriptor)
}

// TestShapes checks each json_presence rule in each place (the answer's
// own object, a list row, an embedded object), json_presence_methods,
// json_sparse, json_null_with and both json_time forms. Without Shapes
// the options change nothing.
func TestShapes(t *testing.T) {
	getRealm := method(t, "authrocket.v2.RealmsService.GetRealm")
	updateRealm := method(t, "authrocket.v2.RealmsService.UpdateRealm")
	loginURLs := method(t, "authrocket.v2.AuthProvidersService.ListAuthProviderAuthorizeUrls")
	org := &arv2.Org{Object: "org", Id: "org_1", RealmId: "rl_1", Name: proto.String("W"), CreatedAt: ts(1735689600, 0)}
	tests := []struct {
		name   string
		in     proto.Message
		method protoreflect.MethodDescriptor
		want   string
	}{
		// ALWAYS: null when unset; NOT_IN_ROWS (custom): null here.
		{"own object", org, nil,
			`{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":null,"reference":null,"custom":null,"created_at":1735689600.0}`},
		// NOT_IN_ROWS: absent in a row.
		{"list row", &arv2.ListOrgsResponse{Collection: []*arv2.Org{org}}, nil,
			`{"collection":[{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":null,"reference":null,"created_at":1735689600.0}],"more_results":false}`},
		// NOT_IN_ROWS: null in an embedded object; INTEGER time; SINGLE_OBJECT
		// credentials absent in an embedded user.
		{"embedded", &arv2.Membership{Object: "membership", Id: "mb_1", OrgId: "org_1", UserId: "usr_1",
			ExpiresAt: ts(1735776000, 999_000_000), Org: org, User: &arv2.User{Object: "user", Id: "usr_1"}}, nil,
			`{"object":"membership","id":"mb_1","org_id":"org_1","user_id":"usr_1","permissions":[],"selected":null,` +
				`"expires_at":1735776000,"created_at":null,"user":{"object":"user","id":"usr_1","realm_id":"","state":null,` +
				`"email":null,"email_pending":null,"email_verification":null,"first_name":null,"last_name":null,"name":null,` +
				`"username":null,"locale":null,"reference":null,"custom":null,"created_at":null,"last_login_at":null},` +
				`"org":{"object":"org","id":"org_1","realm_id":"rl_1","name":"W","state":null,"reference":null,"custom":null,"created_at":1735689600.0}}`},
		// SINGLE_OBJECT with json_presence_methods: [] in GetRealm only.
		{"realm in GetRealm", &arv2.Realm{Object: "realm", Id: "rl_1", Name: proto.String("R")}, getRealm,
			`{"object":"realm","id":"rl_1","name":"R","state":null,"jwt_algo":null,"jwt_scopes":null,"jwt_minutes":null,` +
				`"session_minutes":null,"org_mode":null,"jwt_key":null,"created_at":null,"named_permissions":[],"resource_links":[]}`},
		{"realm in UpdateRealm", &arv2.Realm{Object: "realm", Id: "rl_1", Name: proto.String("R")}, updateRealm,
			`{"object":"realm","id":"rl_1","name":"R","state":null,"jwt_algo":null,"jwt_scopes":null,"jwt_minutes":null,` +
				`"session_minutes":null,"org_mode":null,"jwt_key":null,"created_at":null}`},
		// json_sparse: only what is set, but the list wrapper stays whole.
		{"sparse", &arv2.ListAuthProviderAuthorizeUrlsResponse{Collection: []*arv2.AuthProvider{{Object: "auth_provider", Id: "ap_1",
			ProviderType: proto.String("google"), Name: proto.String("Google"), AuthUrl: proto.String("https://x")}}}, loginURLs,
			`{"collection":[{"object":"auth_provider","id":"ap_1","provider_type":"google","name":"Google","auth_url":"https://x"}],"more_results":false}`},
		{"sparse, empty", &arv2.ListAuthProviderAuthorizeUrlsResponse{}, loginURLs, `{"collection":[],"more_results":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MarshalOptions{EmitUnpopulated: true, Shapes: true, Method: tt.method}.Marshal(tt.in)
			if err != nil || string(got) != tt.want {
				t.Errorf("Marshal =\n%s, %v\nwant\n%s", got, err, tt.want)
			}
		})
	}

	// json_null_with: null while the sibling is unset, the list once set.
	for _, tt := range []struct {
		p    *arv2.AuthProvider
		want string
	}{
		{&arv2.AuthProvider{}, `null`},
		{&arv2.AuthProvider{MinLength: proto.Int32(8)}, `[]`},
		{&arv2.AuthProvider{MinLength: proto.Int32(8), RequiredChars: []string{"number"}}, `["number"]`},
	} {
		b, err := MarshalOptions{EmitUnpopulated: true, Shapes: true}.Marshal(tt.p)
		if err != nil || !strings.Contains(string(b), `"required_chars":`+tt.want) {
			t.Errorf("Marshal(%v) = %s, %v; want required_chars %s", tt.p, b, err, tt.want)
		}
	}

	// Without Shapes the options do nothing: gRPC's and the adapter's
	// encodings are unchanged.
	custom, _ := structpb.NewStruct(map[string]any{"k": "v"})
	b, err := MarshalOptions{EmitUnpopulated: true}.Marshal(&arv2.Org{Object: "org", Custom: custom, CreatedAt: ts(1735689600, 0)})
	if want := `{"object":"org","id":"","realm_id":"","custom":{"k":"v"},"created_at":1735689600}`; err != nil || string(b) != want {
		t.Errorf("without Shapes = %s, %v; want %s", b, err, want)
	}
}
