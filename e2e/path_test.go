package e2e

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"net/url"
	"testing"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/protobuf/proto"
)

// TestNonCanonicalGRPCPath: the policy matches canonical method names, so
// a gRPC request whose :path is not canonical must never reach a method
// (CVE-2026-33186: grpc-go before 1.79.3 routed some of them while
// authorization saw another name). A caller allowed only OrgsService tries
// to create a user through every odd :path; nothing reaches AuthRocket.
func TestNonCanonicalGRPCPath(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{policy: func(*testing.T, *env) string {
		return `callers:
  - name: orgs-only
    credentials: [` + policy.HashCredential(testToken) + `]
    methods: ["authrocket.v2.OrgsService/*"]
    realms: ["*"]
`
	}})
	msg, _ := proto.Marshal(&arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("bypass@example.com")}})
	frame := make([]byte, 5, 5+len(msg))
	binary.BigEndian.PutUint32(frame[1:], uint32(len(msg)))
	frame = append(frame, msg...)
	var h2 http.Protocols
	h2.SetUnencryptedHTTP2(true)
	h2c := &http.Transport{Protocols: &h2}
	noUpstream := e.noUpstreamSince(t)
	for _, path := range []string{
		"authrocket.v2.UsersService/CreateUser",
		"//authrocket.v2.UsersService/CreateUser",
		"/authrocket.v2.UsersService//CreateUser",
		"/authrocket.v2.UsersService/CreateUser/",
		"/./authrocket.v2.UsersService/CreateUser",
		"/authrocket.v2.OrgsService/../authrocket.v2.UsersService/CreateUser",
		"/authrocket.v2.OrgsService/%2e%2e/authrocket.v2.UsersService/CreateUser",
		"/authrocket.v2.UsersService%2FCreateUser",
		"/authrocket.v2.UsersService/CreateUser?x=1",
		"/AUTHROCKET.V2.USERSSERVICE/CREATEUSER",
	} {
		t.Run(path, func(t *testing.T) {
			req := &http.Request{
				Method: http.MethodPost,
				URL:    &url.URL{Scheme: "http", Host: e.grpcAddr, Opaque: path},
				Host:   e.grpcAddr,
				Header: http.Header{"Content-Type": {"application/grpc"}, "Te": {"trailers"}, "Authorization": {"Bearer " + testToken}},
				Body:   io.NopCloser(bytes.NewReader(frame)),
			}
			res, err := h2c.RoundTrip(req.WithContext(bounded(t)))
			if err != nil {
				return // refused before any gRPC: fine
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			grpcStatus := res.Trailer.Get("Grpc-Status")
			if grpcStatus == "" {
				grpcStatus = res.Header.Get("Grpc-Status")
			}
			if grpcStatus == "0" || grpcStatus == "" && res.StatusCode == http.StatusOK {
				t.Errorf(":path %q succeeded (HTTP %d, grpc-status %q)", path, res.StatusCode, grpcStatus)
			}
		})
	}
	noUpstream("a non-canonical :path")
	// The same frame on the canonical path is refused by the policy, and
	// on an allowed method it works: the requests above were well formed.
	for path, want := range map[string]string{"/authrocket.v2.UsersService/CreateUser": "7", "/authrocket.v2.OrgsService/ListOrgs": "0"} {
		body := frame
		if want == "0" {
			body = []byte{0, 0, 0, 0, 0}
		}
		req, _ := http.NewRequestWithContext(bounded(t), http.MethodPost, "http://"+e.grpcAddr+path, bytes.NewReader(body))
		req.Header = http.Header{"Content-Type": {"application/grpc"}, "Te": {"trailers"}, "Authorization": {"Bearer " + testToken}}
		res, err := h2c.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		got := res.Trailer.Get("Grpc-Status")
		if got == "" {
			got = res.Header.Get("Grpc-Status") // a trailers-only answer
		}
		if got != want {
			t.Errorf("%s: grpc-status %q, want %s", path, got, want)
		}
	}
}
