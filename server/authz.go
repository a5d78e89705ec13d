package server

import (
	"fmt"
	"strings"

	"github.com/authrocket-gateway/gateway/apierror"
	"github.com/authrocket-gateway/gateway/policy"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Reasons of the policy's refusals (ErrorInfo.reason).
const (
	reasonMethodNotAllowed = "METHOD_NOT_ALLOWED"
	reasonRealmNotAllowed  = "REALM_NOT_ALLOWED"
	reasonRealmRequired    = "REALM_REQUIRED"
	reasonInvalidRequest   = "INVALID_REQUEST"
)

// selfScopedMethods are the full method names outside APIPackage that the
// policy covers and that apply the caller's realms themselves
// (VerifyToken: to the token's realm). Any other method outside APIPackage
// is refused, whatever the caller's method patterns: the authorization
// could not check its realms. TestEveryMethodIsUnderThePolicy keeps this
// set and what the gateway serves in step.
var selfScopedMethods = map[string]bool{
	string(GatewayPackage) + ".TokensService/VerifyToken": true,
}

// inAPI reports whether method ("authrocket.v2.UsersService/GetUser") is
// one of a service of APIPackage itself, not of a package below it.
func inAPI(method string) bool {
	service, _, _ := strings.Cut(method, "/")
	return protoreflect.FullName(service).Parent() == APIPackage
}

// denied records in the call's record that a stage refused the
// authenticated caller's call, and why.
func (c *inflight) denied(rule string) { c.rec.Denied(c.caller.Name + ": " + rule) }

// deny records the refusal of the authorization in the call's record and
// returns its error.
func deny(c *inflight, code codes.Code, reason, rule, msg string) error {
	c.denied(rule)
	return apierror.New(code, reason, msg)
}

// authorizeMethod is the stage after authentication: the caller's policy
// must allow the method. A method outside APIPackage is served only if it
// applies the caller's realms itself (selfScopedMethods).
func (p *pipeline) authorizeMethod(c *inflight, m *method) error {
	if !m.api && !selfScopedMethods[m.name] {
		return deny(c, codes.PermissionDenied, reasonMethodNotAllowed, "method not under the policy",
			fmt.Sprintf("%s is not under the gateway's policy: no caller may call it", m.name))
	}
	pattern, ok := c.caller.Method(m.name)
	if !ok {
		return deny(c, codes.PermissionDenied, reasonMethodNotAllowed, "no method pattern matches",
			fmt.Sprintf("the gateway's policy does not allow caller %q to call %s", c.caller.Name, m.name))
	}
	c.rule = c.caller.Name + ": " + pattern
	return nil
}

// checkRealms is the stage after the request is decoded and valid: the
// caller's policy must allow every realm the call names, and it settles
// the realm AuthRocket works in: the one the call names, else the caller's
// only realm, else the gateway's default realm. A caller limited to some
// realms never has a call sent without one of them, so AuthRocket itself
// scopes every object it reads or writes to the caller's realms.
//
// Every realm the call names must have the shape of a realm ID first:
// anything else is INVALID_ARGUMENT before any policy decision, and only a
// value of that shape is ever repeated in the audit rule or a message.
func (p *pipeline) checkRealms(c *inflight, m *method, req proto.Message) error {
	named, accountWide := callRealms(m.desc, req, c.md)
	for _, r := range named {
		if !policy.IsRealmID(r.id) {
			return deny(c, codes.InvalidArgument, reasonInvalidRequest, "a named realm is not a realm ID",
				r.where+" is not a realm ID (rl_ and 1 to 64 letters or digits)")
		}
	}
	if !m.api {
		// selfScopedMethods call AuthRocket in no realm of the caller's
		// choosing; they apply the caller's realms themselves.
		c.rec.Allowed("", c.rule)
		return nil
	}
	caller := c.caller
	for _, r := range named {
		// r.id has the shape of a realm ID: it may be repeated.
		if !caller.Realm(r.id) {
			return deny(c, codes.PermissionDenied, reasonRealmNotAllowed, "realm "+r.id+" not allowed",
				fmt.Sprintf("the gateway's policy does not allow caller %q to work in realm %s", caller.Name, r.id))
		}
	}
	realm := ""
	switch {
	case len(named) > 0 && !accountWide:
		realm = named[0].id
	case accountWide:
		if !caller.AllRealms() {
			return deny(c, codes.PermissionDenied, reasonRealmNotAllowed, "account-wide call needs every realm",
				fmt.Sprintf("%s works across realms; the gateway's policy allows caller %q only some", m.name, caller.Name))
		}
	case caller.DefaultRealm() != "":
		realm = caller.DefaultRealm()
	case p.defaultRealm != "" && caller.Realm(p.defaultRealm):
		realm = p.defaultRealm
	case !caller.AllRealms():
		return deny(c, codes.InvalidArgument, reasonRealmRequired, "no realm named",
			fmt.Sprintf("caller %q may work in several realms: name one with the Authrocket-Realm header or realm_id", caller.Name))
	}
	c.realm = realm
	c.rec.Allowed(realm, c.rule)
	return nil
}

// realmsService is the service whose calls name a realm by their `id`.
const realmsService protoreflect.FullName = "authrocket.v2.RealmsService"

// namedRealm is a realm a call names, as the caller wrote it, and where.
type namedRealm struct {
	id    string // not yet checked: anything the caller sent
	where string // "realm_id", "id" or "the Authrocket-Realm header"
}

// callRealms returns the realms a call names, the one AuthRocket works in
// first: for RealmsService the realm its id names, for the others its
// realm_id field; then every Authrocket-Realm header. accountWide is true
// for a RealmsService call that names no realm by id (ListRealms,
// CreateRealm): it works on the account, not in a realm.
func callRealms(md protoreflect.MethodDescriptor, req proto.Message, headers metadata.MD) (named []namedRealm, accountWide bool) {
	field := protoreflect.Name("realm_id")
	if md.Parent().FullName() == realmsService {
		field = "id"
	}
	if id := stringField(req, field); id != "" {
		named = append(named, namedRealm{id, string(field)})
	} else {
		accountWide = field == "id"
	}
	for _, h := range headers.Get(mdRealm) {
		if h != "" {
			named = append(named, namedRealm{h, "the Authrocket-Realm header"})
		}
	}
	return named, accountWide
}

// stringField is req's singular string field name, or "".
func stringField(req proto.Message, name protoreflect.Name) string {
	if req == nil {
		return ""
	}
	m := req.ProtoReflect()
	if f := m.Descriptor().Fields().ByName(name); f != nil && f.Kind() == protoreflect.StringKind && !f.IsList() {
		return m.Get(f).String()
	}
	return ""
}
