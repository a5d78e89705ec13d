package authrocket

import (
	"slices"
	"strings"
	"sync"

	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/authrocket-gateway/gateway/redact"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// holdsJWTKeys caches, by message type, whether a field marked
// hs256_secret is reachable from it through message fields.
var holdsJWTKeys sync.Map // protoreflect.FullName -> bool

// WithholdJWTSecrets clears, in answer and everything it embeds, each field
// marked hs256_secret (a realm's jwt_key, a JWT key's key and short_key)
// that may hold an HS256 realm's secret, unless granted says the caller
// may have that realm's secret. A field of an rs256 object whose value is
// not shaped like a secret is a public key and stays. It returns the
// realms whose secret it left in the answer: the caller is handed them.
func WithholdJWTSecrets(answer proto.Message, granted func(realm string) bool) (handedOut []string) {
	withhold(answer.ProtoReflect(), granted, &handedOut)
	return handedOut
}

// MayHoldJWTSecrets reports whether messages of answer's type may carry a
// field that WithholdJWTSecrets clears.
func MayHoldJWTSecrets(answer proto.Message) bool {
	return reachesJWTKey(answer.ProtoReflect().Descriptor())
}

func withhold(m protoreflect.Message, granted func(string) bool, out *[]string) {
	md := m.Descriptor()
	if !reachesJWTKey(md) {
		return
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if !m.Has(f) {
			continue
		}
		switch {
		case isHS256Secret(f):
			v := m.Get(f).String()
			if publicKey(m, v) {
				continue
			}
			realm := realmOf(m)
			if realm != "" && granted != nil && granted(realm) {
				if !slices.Contains(*out, realm) {
					*out = append(*out, realm)
				}
				continue
			}
			m.Clear(f)
		case f.Message() != nil && !f.IsMap() && f.IsList():
			l := m.Get(f).List()
			for j := 0; j < l.Len(); j++ {
				withhold(l.Get(j).Message(), granted, out)
			}
		case f.Message() != nil && !f.IsMap():
			withhold(m.Get(f).Message(), granted, out)
		}
	}
}

func isHS256Secret(f protoreflect.FieldDescriptor) bool {
	return f.Kind() == protoreflect.StringKind && proto.GetExtension(f.Options(), authrocketv2.E_Hs256Secret).(bool)
}

// publicKey reports whether v, a marked field of m, is an RS256 public
// key: m's algorithm (jwt_algo or algo) says rs256 and v is not shaped
// like a secret. Anything else may be a secret.
func publicKey(m protoreflect.Message, v string) bool {
	algo := ""
	for _, name := range []protoreflect.Name{"jwt_algo", "algo"} {
		if f := m.Descriptor().Fields().ByName(name); f != nil && f.Kind() == protoreflect.StringKind && m.Has(f) {
			algo = m.Get(f).String()
			break
		}
	}
	return strings.EqualFold(algo, "rs256") && !redact.Contains(v) && !strings.Contains(v, "jsk_")
}

// realmOf is the realm an object belongs to: its realm_id, or the ID of a
// realm itself.
func realmOf(m protoreflect.Message) string {
	fields := m.Descriptor().Fields()
	f := fields.ByName("realm_id")
	if f == nil {
		f = fields.ByName("id")
	}
	if f == nil || f.Kind() != protoreflect.StringKind {
		return ""
	}
	return m.Get(f).String()
}

// reachesJWTKey reports whether a field marked hs256_secret is reachable
// from md through message fields.
func reachesJWTKey(md protoreflect.MessageDescriptor) bool {
	if r, ok := holdsJWTKeys.Load(md.FullName()); ok {
		return r.(bool)
	}
	visited := map[protoreflect.FullName]bool{}
	var search func(m protoreflect.MessageDescriptor) bool
	search = func(m protoreflect.MessageDescriptor) bool {
		if visited[m.FullName()] {
			return false
		}
		visited[m.FullName()] = true
		for i := 0; i < m.Fields().Len(); i++ {
			f := m.Fields().Get(i)
			if isHS256Secret(f) || f.Message() != nil && !f.IsMap() && search(f.Message()) {
				return true
			}
		}
		return false
	}
	r := search(md)
	holdsJWTKeys.Store(md.FullName(), r)
	return r
}
