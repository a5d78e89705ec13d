package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authrocket-gateway/gateway/client"
	gatewayv1 "github.com/authrocket-gateway/gateway/gen/go/authrocket/gateway/v1"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// limitedToken is a caller allowed users, sessions and VerifyToken only,
// at one call a second past a burst of 30.
const limitedToken = "limited-caller-token-0123456789abcdef"

// clientPolicy is defaultPolicy and the limited caller.
var clientPolicy = defaultPolicy + `  - name: limited
    credentials: [` + policy.HashCredential(limitedToken) + `]
    methods: ["authrocket.v2.UsersService/*", "authrocket.v2.SessionsService/CreateSession", "authrocket.gateway.v1.TokensService/VerifyToken"]
    realms: ["*"]
    rate_limit: {per_second: 1, burst: 30}
`

// TestGoClient drives the gateway through package client, as a Go
// service would: calls carry the credential and a deadline, and each
// failure is a *client.Error with the details of docs/errors.md.
func TestGoClient(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{policy: func(*testing.T, *env) string { return clientPolicy }})
	conn, err := client.Dial(e.grpcAddr, limitedToken, client.WithPlaintext(), client.WithRealm(e.realm))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	users := arv2.NewUsersServiceClient(conn)
	ctx := bounded(t)

	// Create, get, and list page by page.
	var ids []string
	for i := range 3 {
		res, err := users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String(fmt.Sprintf("go-%d@example.com", i))}})
		if err != nil {
			t.Fatalf("CreateUser: %v", err)
		}
		ids = append(ids, res.GetUser().GetId())
	}
	if got, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: ids[1]}); err != nil || got.GetUser().GetEmail() != "go-1@example.com" {
		t.Fatalf("GetUser = %v, %v", got, err)
	}
	seen := map[string]bool{}
	req := &arv2.ListUsersRequest{MaxResults: proto.Int32(2)}
	for pages := 0; ; pages++ {
		page, err := users.ListUsers(ctx, req)
		if err != nil || pages > 10 {
			t.Fatalf("ListUsers, page %d: %v", pages, err)
		}
		for _, u := range page.GetCollection() {
			seen[u.GetId()] = true
		}
		if !page.GetMoreResults() {
			break
		}
		req.After = proto.String(page.GetCollection()[len(page.GetCollection())-1].GetId())
	}
	for _, id := range ids {
		if !seen[id] {
			t.Errorf("ListUsers, page by page, missed %s", id)
		}
	}

	// AuthRocket's 404 and 422, with their details.
	_, err = users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_0000000000000000000000"})
	nf := asClientError(t, err, codes.NotFound, "AUTHROCKET_NOT_FOUND")
	if nf.HTTPStatus != 404 || nf.AuthRocketRequestID == "" || nf.GatewayRequestID == "" || nf.Temporary() {
		t.Errorf("GetUser of nobody: %+v", nf)
	}
	_, err = users.CreateUser(ctx, &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("go-0@example.com")}})
	dup := asClientError(t, err, codes.InvalidArgument, "AUTHROCKET_VALIDATION_FAILED")
	if dup.HTTPStatus != 422 || len(dup.FieldViolations) == 0 || !strings.Contains(dup.FieldViolations[0].Description, "taken") {
		t.Errorf("a duplicate email: %+v", dup)
	}
	if st, ok := status.FromError(err); !ok || st.Code() != codes.InvalidArgument || len(st.Details()) < 2 {
		t.Errorf("status.FromError(*client.Error) = %v, %v", st, ok)
	}

	// The gateway's own refusals: a method outside the policy, a deadline,
	// the caller's rate limit with the delay to wait.
	_, err = arv2.NewRealmsServiceClient(conn).ListRealms(ctx, &arv2.ListRealmsRequest{})
	if pd := asClientError(t, err, codes.PermissionDenied, "METHOD_NOT_ALLOWED"); pd.AuthRocketRequestID != "" || pd.HTTPStatus != 0 {
		t.Errorf("a refused method reached AuthRocket: %+v", pd)
	}
	short, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	_, err = users.GetUser(short, &arv2.GetUserRequest{Id: ids[0]})
	var gerr *client.Error
	if !errors.As(err, &gerr) || gerr.Code != codes.DeadlineExceeded {
		t.Errorf("GetUser past its deadline: %v", err)
	}

	// VerifyToken of a session's login token.
	sess, err := arv2.NewSessionsServiceClient(conn).CreateSession(ctx, &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String(ids[0])}})
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	v, err := gatewayv1.NewTokensServiceClient(conn).VerifyToken(ctx, &gatewayv1.VerifyTokenRequest{Token: sess.GetSession().GetToken()})
	if err != nil || v.GetSession().GetUserId() != ids[0] {
		t.Errorf("VerifyToken = %v, %v", v, err)
	}

	var limited *client.Error
	for i := 0; i < 40 && limited == nil; i++ {
		if _, err := users.GetUser(ctx, &arv2.GetUserRequest{Id: ids[0]}); err != nil {
			limited = asClientError(t, err, codes.ResourceExhausted, "RATE_LIMITED")
		}
	}
	if limited == nil || limited.RetryDelay <= 0 || limited.RetryDelay > 2*time.Second || !limited.Temporary() {
		t.Errorf("over the rate limit: %+v", limited)
	}

	// No credential: Dial says so before any call.
	if _, err := client.Dial(e.grpcAddr, ""); err == nil {
		t.Error("Dial without a credential succeeded")
	}
}

// asClientError checks that err is a *client.Error of code and reason.
func asClientError(t *testing.T, err error, code codes.Code, reason string) *client.Error {
	t.Helper()
	var e *client.Error
	if !errors.As(err, &e) {
		t.Fatalf("%v (%T) is not a *client.Error", err, err)
	}
	if e.Code != code || e.Reason != reason || e.GatewayRequestID == "" {
		t.Errorf("%v: code %v, reason %q, gateway request ID %q; want %v, %q", err, e.Code, e.Reason, e.GatewayRequestID, code, reason)
	}
	return e
}

// TestGoClientModule builds a program of another Go module that imports
// package client and the generated service clients, the way a service
// takes them: a require of the gateway's module, replaced by its checkout.
func TestGoClientModule(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/billing\n\ngo 1.26\n\nrequire github.com/authrocket-gateway/gateway v0.0.0\n\nreplace github.com/authrocket-gateway/gateway => "+root+"\n")
	write("main.go", `package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/authrocket-gateway/gateway/client"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
)

func main() {
	conn, err := client.Dial(os.Args[1], os.Args[2], client.WithPlaintext())
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	_, err = arv2.NewUsersServiceClient(conn).GetUser(context.Background(), &arv2.GetUserRequest{Id: "usr_0000000000000000000000"})
	var gerr *client.Error
	if errors.As(err, &gerr) {
		fmt.Println(gerr.Code, gerr.Reason)
	}
}
`)
	// A cold module cache downloads what the program needs: minutes at most.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", "billing", "."}} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	e := newEnv(t)
	out, err := exec.CommandContext(ctx, filepath.Join(dir, "billing"), e.grpcAddr, testToken).CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "NotFound AUTHROCKET_NOT_FOUND" {
		t.Errorf("the other module's program: %q, %v", got, err)
	}
}
