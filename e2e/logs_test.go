package e2e

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
)

// TestLogSampling: a flood of identical failures (an unauthenticated
// caller, at debug level where each call has a line) costs a few lines a
// second, the next line says how many were dropped, and the audit trail
// still has every call.
func TestLogSampling(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--log-level", "debug"}})
	// Refusals are paced per connection past a burst of 50: each of 6
	// connections sends 50, so the flood takes well under a second or two.
	const conns, each = 6, 50
	const flood = conns*each + 1
	for range conns {
		conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		users := arv2.NewUsersServiceClient(conn)
		for range each {
			_, err := users.ListUsers(withToken(context.Background(), "not-a-caller-credential"), &arv2.ListUsersRequest{})
			wantCode(t, err, codes.Unauthenticated)
		}
		conn.Close()
	}
	// The first line of the kind in the next second says what was dropped.
	time.Sleep(1100 * time.Millisecond)
	_, err := arv2.NewUsersServiceClient(e.conn).ListUsers(withToken(context.Background(), "not-a-caller-credential"), &arv2.ListUsersRequest{})
	wantCode(t, err, codes.Unauthenticated)
	e.gateway.stop()
	var logged, audited int
	dropped := false
	for line := range strings.Lines(e.gateway.Output()) {
		switch {
		case strings.Contains(line, `"msg":"call"`) && strings.Contains(line, `"code":"Unauthenticated"`):
			logged++
			dropped = dropped || strings.Contains(line, `"dropped":`)
		case strings.Contains(line, `"decision":"deny"`) && strings.Contains(line, `"code":"UNAUTHENTICATED"`):
			audited++
		}
	}
	if audited != flood {
		t.Errorf("%d audit records of the flood, want %d", audited, flood)
	}
	// Each second, at most 10 lines of the kind.
	if logged < 10 || logged > flood/5 {
		t.Errorf("%d log lines of %d identical failures, want a sample", logged, flood)
	}
	if !dropped {
		t.Errorf("no line says how many were dropped")
	}
}

// TestCallLinePeer: a call's log line names the caller's own address, on
// REST as on gRPC.
func TestCallLinePeer(t *testing.T) {
	e := newEnvWith(t, gatewayOptions{args: []string{"--log-level", "debug"}})
	var local string
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			local = c.LocalAddr().String()
		}
		return c, err
	}}}
	req, _ := http.NewRequest("GET", e.httpURL+"/v2/users", nil)
	req.Header.Set("Authrocket-Api-Key", e.token)
	req.Header.Set("X-Request-Id", "peer-rest")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	e.gateway.stop()
	for line := range strings.Lines(e.gateway.Output()) {
		if strings.Contains(line, `"msg":"call"`) && strings.Contains(line, `"request_id":"peer-rest"`) {
			if !strings.Contains(line, `"peer":"`+local+`"`) {
				t.Errorf("call line does not name the caller's address %s: %s", local, line)
			}
			return
		}
	}
	t.Errorf("no call line of the REST call")
}
