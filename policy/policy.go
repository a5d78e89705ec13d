package policy

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/authrocket-gateway/gateway/redact"
	"go.yaml.in/yaml/v3"
)

// AllRealms in a caller's realms grants every realm, including the
// account-wide calls that name none (ListRealms, CreateRealm).
const AllRealms = "*"

// Policy is a parsed, valid policy. It is immutable and safe for
// concurrent use.
type Policy struct {
	callers     []*Caller
	credentials []credentialHash
	// Certificate identities, by kind, so that one kind never stands for
	// the other: SPIFFE IDs by spiffeKey, DNS names lower-cased.
	bySPIFFE map[string]*Caller
	byDNS    map[string]*Caller
}

type credentialHash struct {
	sum    [sha256.Size]byte
	caller *Caller
}

// Caller is one caller of a Policy and what it may do.
type Caller struct {
	// Name identifies the caller in audit records and logs.
	Name string
	// RateLimit bounds the caller's calls; nil means unlimited.
	RateLimit *RateLimit

	methods   []string
	realms    []string
	allRealms bool
	// jwtSecrets are the realms whose HS256 JWT secret (jsk_…) the gateway
	// may hand this caller: each named, never through "*".
	jwtSecrets []string
}

// RateLimit is a token bucket: PerSecond calls a second on average, up to
// Burst at once.
type RateLimit struct {
	PerSecond float64
	Burst     int
}

// file is the policy file's YAML.
type file struct {
	Callers []callerFile `yaml:"callers"`
}

type callerFile struct {
	Name         string   `yaml:"name"`
	Credentials  []string `yaml:"credentials"`
	Certificates []string `yaml:"certificates"`
	Methods      []string `yaml:"methods"`
	Realms       []string `yaml:"realms"`
	JWTSecrets   []string `yaml:"jwt_secrets"`
	RateLimit    *struct {
		PerSecond float64 `yaml:"per_second"`
		Burst     int     `yaml:"burst"`
	} `yaml:"rate_limit"`
}

var (
	nameRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	realmRE = regexp.MustCompile(`^rl_[0-9A-Za-z]{1,64}$`)
	// A DNS name of a client certificate: ASCII letters, digits, hyphens
	// and dots. (Not (?i): Go's case folding would let U+212A KELVIN SIGN
	// stand for k.)
	dnsRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
	// spiffe://trust-domain/path (SPIFFE ID standard §2).
	spiffeRE = regexp.MustCompile(`^spiffe://[a-z0-9._-]{1,255}(/[A-Za-z0-9._-]+)*$`)
)

// maxPolicyBytes bounds a policy file.
const maxPolicyBytes = 1 << 20

// Parse reads a policy from YAML. methods are the full method names the
// gateway serves ("authrocket.v2.UsersService/GetUser"): every method
// pattern must match at least one. The error lists every mistake found,
// each by its place in the file.
func Parse(r io.Reader, methods []string) (*Policy, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxPolicyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPolicyBytes {
		return nil, fmt.Errorf("policy: larger than %d bytes", maxPolicyBytes)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("policy: the file is empty; it must list callers")
		}
		return nil, fmt.Errorf("policy: %w", yamlError(err, data))
	}
	if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
		return nil, errors.New("policy: the file holds more than one YAML document")
	}
	return build(f, methods)
}

// looksSecret reports whether s holds something that looks like a secret
// an operator might paste into a policy by mistake: a caller credential,
// or one of AuthRocket's keys or realms' JWT secrets (redact.Contains).
func looksSecret(s string) bool { return redact.Contains(s) }

// quote is v as an error repeats it: quoted, unless it looks like a secret.
func quote(v string) string {
	if looksSecret(v) {
		return "(a value that looks like a secret: not shown)"
	}
	return strconv.Quote(v)
}

// yamlLine is a place in a YAML error.
var yamlLine = regexp.MustCompile(`line [0-9]+`)

// yamlError is err, the YAML decoder's, unless data holds something that
// looks like a secret: yaml.v3 quotes what it could not decode (an unknown
// key in full, the first characters of a value), so the error then says
// only where the mistakes are.
func yamlError(err error, data []byte) error {
	if !looksSecret(string(data)) {
		return err
	}
	msg := "the file is not a valid policy"
	var lines []string
	for _, l := range yamlLine.FindAllString(err.Error(), -1) {
		if !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	if len(lines) > 0 {
		msg += " (" + strings.Join(lines, ", ") + ")"
	}
	return errors.New(msg + "; the YAML error is not shown because the file holds a value that looks like a secret")
}

// build validates f and indexes it.
func build(f file, methods []string) (*Policy, error) {
	p := &Policy{bySPIFFE: map[string]*Caller{}, byDNS: map[string]*Caller{}}
	hashes := map[[sha256.Size]byte]*Caller{}
	var errs []error
	if len(f.Callers) == 0 {
		errs = append(errs, errors.New("callers: none listed; the gateway would refuse every call"))
	}
	names := map[string]bool{}
	for i, cf := range f.Callers {
		at := fmt.Sprintf("callers[%d]", i)
		switch {
		case looksSecret(cf.Name):
			at += " " + quote(cf.Name)
		case cf.Name != "":
			at += " (" + cf.Name + ")"
		}
		bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(at+": "+format, args...)) }
		c := &Caller{Name: cf.Name}
		switch {
		case !nameRE.MatchString(cf.Name):
			bad("name must be 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
		case names[cf.Name]:
			bad("name is used by another caller")
		}
		names[cf.Name] = true

		if len(cf.Credentials) == 0 && len(cf.Certificates) == 0 {
			bad("no credentials and no certificates: nothing could ever identify this caller")
		}
		// A repeat within the caller is a mistake too, never merged: each
		// is refused with both places.
		credentialAt := map[[sha256.Size]byte]int{}
		for j, h := range cf.Credentials {
			// The value is never repeated: it could be a credential
			// pasted where its hash belongs.
			sum, ok := parseHash(h)
			k, repeated := credentialAt[sum]
			switch {
			case !ok:
				bad("credentials[%d] is not a credential hash (sha256: and 64 hex digits); put the hash here, never the credential (the value is not shown)", j)
			case repeated:
				bad("credentials[%d] repeats credentials[%d]", j, k)
			case hashes[sum] != nil:
				bad("credentials[%d] is also a credential of caller %s", j, quote(hashes[sum].Name))
			default:
				credentialAt[sum] = j
				hashes[sum] = c
				p.credentials = append(p.credentials, credentialHash{sum, c})
			}
		}
		certificateAt := map[string]int{} // by key: a SPIFFE ID's has a ':', a DNS name's none
		for j, id := range cf.Certificates {
			index, key, ok := p.certificateIndex(id)
			k, repeated := certificateAt[key]
			switch {
			case !ok:
				bad("certificates[%d] %s is neither a SPIFFE ID (spiffe://trust-domain/path) nor a DNS name", j, quote(id))
			case repeated:
				bad("certificates[%d] %s repeats certificates[%d]", j, quote(id), k)
			case index[key] != nil:
				bad("certificates[%d] %s also identifies caller %s", j, quote(id), quote(index[key].Name))
			default:
				certificateAt[key] = j
				index[key] = c
			}
		}

		if len(cf.Methods) == 0 {
			bad("methods: none listed; the caller could call nothing")
		}
		for j, m := range cf.Methods {
			if k := slices.Index(cf.Methods[:j], m); k >= 0 {
				bad("methods[%d] %s repeats methods[%d]", j, quote(m), k)
			} else if err := checkPattern(m, methods); err != nil {
				bad("methods[%d] %s: %v", j, quote(m), err)
			}
		}
		c.methods = cf.Methods

		switch {
		case len(cf.Realms) == 0:
			bad(`realms: none listed; list the realms (rl_…) the caller may work in, or "*" for all`)
		case slices.Contains(cf.Realms, AllRealms):
			if len(cf.Realms) > 1 {
				bad(`realms: "*" (all realms) stands alone`)
			}
			c.allRealms = true
		default:
			for j, r := range cf.Realms {
				if k := slices.Index(cf.Realms[:j], r); k >= 0 {
					bad("realms[%d] %s repeats realms[%d]", j, quote(r), k)
				} else if !IsRealmID(r) {
					bad("realms[%d] %s is not a realm ID (rl_…)", j, quote(r))
				}
			}
			c.realms = cf.Realms
		}

		for j, r := range cf.JWTSecrets {
			switch {
			case slices.Index(cf.JWTSecrets[:j], r) >= 0:
				bad("jwt_secrets[%d] %s repeats jwt_secrets[%d]", j, quote(r), slices.Index(cf.JWTSecrets[:j], r))
			case r == AllRealms:
				bad(`jwt_secrets[%d]: name each realm (rl_…) whose JWT secret the caller may read; "*" is not allowed here`, j)
			case !IsRealmID(r):
				bad("jwt_secrets[%d] %s is not a realm ID (rl_…)", j, quote(r))
			case !c.allRealms && !slices.Contains(cf.Realms, r):
				bad("jwt_secrets[%d] %s is not one of the caller's realms", j, quote(r))
			}
		}
		c.jwtSecrets = cf.JWTSecrets

		if rl := cf.RateLimit; rl != nil {
			switch {
			case !(rl.PerSecond > 0) || math.IsInf(rl.PerSecond, 0):
				bad("rate_limit.per_second must be a positive number of calls a second")
			case rl.Burst < 0:
				bad("rate_limit.burst must not be negative")
			default:
				c.RateLimit = &RateLimit{PerSecond: rl.PerSecond, Burst: rl.Burst}
				if c.RateLimit.Burst == 0 {
					c.RateLimit.Burst = int(math.Max(1, math.Ceil(rl.PerSecond)))
				}
			}
		}
		p.callers = append(p.callers, c)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("policy: %w", errors.Join(errs...))
	}
	return p, nil
}

// checkPattern checks that pattern is a valid method pattern that matches
// at least one of methods.
func checkPattern(pattern string, methods []string) error {
	if strings.HasPrefix(pattern, "/") {
		return errors.New("write the full method name without a leading '/', e.g. authrocket.v2.UsersService/GetUser")
	}
	if strings.Count(pattern, "/") != 1 {
		return errors.New("a method pattern is service/method, e.g. authrocket.v2.UsersService/Get* (use */* for every method)")
	}
	if _, err := path.Match(pattern, ""); err != nil {
		return fmt.Errorf("not a valid pattern (%v)", err)
	}
	for _, m := range methods {
		if ok, _ := path.Match(pattern, m); ok {
			return nil
		}
	}
	return errors.New("matches no method the gateway serves")
}

// Callers returns the policy's callers, in file order.
func (p *Policy) Callers() []*Caller { return slices.Clone(p.callers) }

// ByCredential returns the caller whose bearer credential is credential,
// or nil. Its hash is compared with every hash of the policy, each in
// constant time, so the time taken says nothing of how close it came.
func (p *Policy) ByCredential(credential string) *Caller {
	sum := sha256.Sum256([]byte(credential))
	var found *Caller
	for _, h := range p.credentials {
		if subtle.ConstantTimeCompare(sum[:], h.sum[:]) == 1 {
			found = h.caller
		}
	}
	return found
}

// certificateIndex returns the index of p that a certificate identity of
// the policy file belongs in, and its key there; ok is false when id is
// neither a SPIFFE ID nor a DNS name.
func (p *Policy) certificateIndex(id string) (index map[string]*Caller, key string, ok bool) {
	switch {
	case spiffeRE.MatchString(id):
		return p.bySPIFFE, spiffeKey(id), true
	case isDNSName(id):
		return p.byDNS, lowerASCII(id), true
	}
	return nil, "", false
}

// spiffeKey is a SPIFFE ID as the policy compares it: its scheme and trust
// domain lower-cased, which the SPIFFE ID standard makes case-insensitive,
// and its path exactly as written, which it makes case-sensitive.
func spiffeKey(id string) string {
	const scheme = "spiffe://"
	if len(id) < len(scheme) || !strings.EqualFold(id[:len(scheme)], scheme) {
		return id // no SPIFFE ID: matches none of the policy's
	}
	rest := id[len(scheme):]
	end := strings.IndexByte(rest, '/')
	if end < 0 {
		end = len(rest)
	}
	return scheme + lowerASCII(rest[:end]) + rest[end:]
}

// isDNSName reports whether s is a DNS name a certificate may carry.
func isDNSName(s string) bool { return len(s) <= 253 && dnsRE.MatchString(s) }

// lowerASCII lower-cases the ASCII letters of s, and only those: no other
// character becomes one of them (strings.ToLower turns U+212A into k).
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// ByCertificate returns the caller identified by a client certificate with
// these SPIFFE IDs (URI SANs) and DNS names (DNS SANs). A SPIFFE ID
// matches one of the policy's SPIFFE IDs only, with its path in the same
// case; a DNS name matches one of the policy's DNS names only, in any
// case, and only if it is a DNS name (a DNS SAN spelled like a SPIFFE ID
// identifies nobody). A SPIFFE ID wins over DNS names; a certificate whose
// DNS names identify two callers identifies none.
func (p *Policy) ByCertificate(spiffeIDs, dnsNames []string) *Caller {
	for _, id := range spiffeIDs {
		if c := p.bySPIFFE[spiffeKey(id)]; c != nil {
			return c
		}
	}
	var found *Caller
	for _, n := range dnsNames {
		if !isDNSName(n) {
			continue
		}
		c := p.byDNS[lowerASCII(n)]
		switch {
		case c == nil:
		case found != nil && found != c:
			return nil
		default:
			found = c
		}
	}
	return found
}

// IsRealmID reports whether s has the shape of a realm ID: "rl_" and 1 to
// 64 letters or digits. Only a value of that shape may be repeated in an
// error or an audit record; the gateway refuses any other as a realm.
func IsRealmID(s string) bool { return realmRE.MatchString(s) }

// Method reports whether the caller may call method, a full method name
// ("authrocket.v2.UsersService/GetUser"), and the pattern that allows it.
func (c *Caller) Method(method string) (pattern string, ok bool) {
	for _, p := range c.methods {
		if ok, _ := path.Match(p, method); ok {
			return p, true
		}
	}
	return "", false
}

// Realm reports whether the caller may work in realm.
func (c *Caller) Realm(realm string) bool {
	return c.allRealms || slices.Contains(c.realms, realm)
}

// JWTSecret reports whether the gateway may hand the caller realm's HS256
// JWT secret (jsk_…): only when the caller's jwt_secrets name the realm.
func (c *Caller) JWTSecret(realm string) bool {
	return realm != "" && slices.Contains(c.jwtSecrets, realm)
}

// AllRealms reports whether the caller may work in every realm.
func (c *Caller) AllRealms() bool { return c.allRealms }

// DefaultRealm is the caller's realm when it may work in exactly one: the
// realm of its calls that name none.
func (c *Caller) DefaultRealm() string {
	if len(c.realms) == 1 {
		return c.realms[0]
	}
	return ""
}

// AllowAll returns a policy of one caller, name, identified by credential,
// that may call every method in every realm: the --dev mode's policy.
func AllowAll(name, credential string, methods []string) (*Policy, error) {
	return build(file{Callers: []callerFile{{
		Name:        name,
		Credentials: []string{HashCredential(credential)},
		Methods:     []string{"*/*"},
		Realms:      []string{AllRealms},
	}}}, methods)
}
