package authrocket_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
)

func TestRealmJWTKey(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	hs, err := u.emu.CreateRealmWith(map[string]any{"name": "HS", "jwt_algo": "hs256"})
	if err != nil {
		t.Fatal(err)
	}
	for realm, want := range map[string]string{u.realm: "-----BEGIN PUBLIC KEY-----", hs: "jsk_", "rl_0unknown": ""} {
		k, _, err := c.RealmJWTKey(context.Background(), realm, "")
		if err != nil || !strings.HasPrefix(k.Reveal(), want) || (want == "") != k.IsZero() {
			t.Errorf("RealmJWTKey(%s) = %d characters, %v; want a key starting %q", realm, len(k.Reveal()), err, want)
		}
	}
	if w := u.wire(); len(w) != 3 || !slices.Contains(w, "GET /v2/realms/rl_0unknown") {
		t.Errorf("requests %q", w)
	}
}

func TestSessionExists(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	usr := mustCall(t, c, "UsersService.CreateUser", &arv2.CreateUserRequest{User: &arv2.UserInput{Email: proto.String("s@example.com")}}, &arv2.CreateUserResponse{}, authrocket.CallOptions{})
	s := mustCall(t, c, "SessionsService.CreateSession", &arv2.CreateSessionRequest{Session: &arv2.SessionInput{UserId: proto.String(usr.GetUser().GetId())}}, &arv2.CreateSessionResponse{}, authrocket.CallOptions{})
	ctx := context.Background()
	if ok, _, err := c.SessionExists(ctx, u.realm, s.GetSession().GetId(), ""); !ok || err != nil {
		t.Errorf("a live session: %v, %v", ok, err)
	}
	other, _ := u.emu.CreateRealm("Other")
	if ok, _, err := c.SessionExists(ctx, other, s.GetSession().GetId(), ""); ok || err != nil {
		t.Errorf("the session in another realm: %v, %v", ok, err)
	}
	mustCall(t, c, "SessionsService.DeleteSession", &arv2.DeleteSessionRequest{Id: s.GetSession().GetId()}, &arv2.DeleteSessionResponse{}, authrocket.CallOptions{})
	if ok, _, err := c.SessionExists(ctx, u.realm, s.GetSession().GetId(), ""); ok || err != nil {
		t.Errorf("a deleted session: %v, %v", ok, err)
	}
}

func TestRealmKeysByKid(t *testing.T) {
	u := newUpstream(t)
	c := u.client(t)
	hs, err := u.emu.CreateRealmWith(map[string]any{"name": "HS", "jwt_algo": "hs256"})
	if err != nil {
		t.Fatal(err)
	}
	for realm, want := range map[string]string{u.realm: "-----BEGIN PUBLIC KEY-----", hs: "jsk_"} {
		keys, _, err := c.RealmKeysByKid(context.Background(), realm, "")
		found := false
		for kid, k := range keys {
			if !strings.HasPrefix(kid, "jky_") || k.IsZero() {
				t.Errorf("%s: key %q is empty or has no kid", realm, kid)
			}
			found = found || strings.HasPrefix(k.Reveal(), want)
		}
		if err != nil || !found {
			t.Errorf("RealmKeysByKid(%s) = %d keys, %v; want one starting %q", realm, len(keys), err, want)
		}
	}
	if keys, _, err := c.RealmKeysByKid(context.Background(), "rl_0unknown", ""); len(keys) != 0 || err != nil {
		t.Errorf("an unknown realm: %d keys, %v", len(keys), err)
	}
}
