package logintoken

import (
	"regexp"
	"time"

	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Issuer is the iss of every AuthRocket login token.
const Issuer = "https://authrocket.com"

// claims are a login token's claims, as LoginRocket and AuthRocket issue them.
type claims struct {
	jwt.RegisteredClaims
	Session           string         `json:"sid"`
	Realm             string         `json:"rid"`
	Name              *string        `json:"name"`
	GivenName         *string        `json:"given_name"`
	FamilyName        *string        `json:"family_name"`
	PreferredUsername *string        `json:"preferred_username"`
	Email             *string        `json:"email"`
	EmailVerified     *bool          `json:"email_verified"`
	Locale            *string        `json:"locale"`
	Reference         *string        `json:"ref"`
	Custom            map[string]any `json:"cs"`
	Orgs              []orgClaim     `json:"orgs"`
}

// orgClaim is one entry of the orgs claim (scope ar.orgs).
type orgClaim struct {
	Org         string         `json:"oid"`
	Membership  string         `json:"mid"`
	Name        *string        `json:"name"`
	Reference   *string        `json:"ref"`
	Custom      map[string]any `json:"cs"`
	Permissions []string       `json:"perm"`
	Selected    *bool          `json:"selected"`
}

// The IDs a valid token's claims must carry.
var (
	userIDRE       = regexp.MustCompile(`^usr_[0-9A-Za-z]{1,64}$`)
	sessionIDRE    = regexp.MustCompile(`^kss_[0-9A-Za-z]{1,64}$`)
	realmIDRE      = regexp.MustCompile(`^rl_[0-9A-Za-z]{1,64}$`)
	orgIDRE        = regexp.MustCompile(`^org_[0-9A-Za-z]{1,64}$`)
	membershipIDRE = regexp.MustCompile(`^mb_[0-9A-Za-z]{1,64}$`)
)

// wellFormed reports whether c names the user, session and realm (and each
// org entry its org and membership) by IDs of AuthRocket's shape, and has
// the times the checks need.
func (c *claims) wellFormed() bool {
	if !userIDRE.MatchString(c.Subject) || !sessionIDRE.MatchString(c.Session) || !realmIDRE.MatchString(c.Realm) ||
		c.IssuedAt == nil || c.ExpiresAt == nil {
		return false
	}
	for _, o := range c.Orgs {
		if !orgIDRE.MatchString(o.Org) || !membershipIDRE.MatchString(o.Membership) {
			return false
		}
	}
	return true
}

// session builds the session that the SDKs build from a token's claims:
// the session, its user, and the user's memberships, each with its org.
func (c *claims) session(token string) *arv2.Session {
	verification := "none"
	if c.EmailVerified != nil && *c.EmailVerified {
		verification = "verified"
	}
	u := &arv2.User{
		Object:            "user",
		Id:                c.Subject,
		RealmId:           c.Realm,
		Email:             c.Email,
		EmailVerification: proto.String(verification),
		FirstName:         c.GivenName,
		LastName:          c.FamilyName,
		Name:              c.Name,
		Username:          c.PreferredUsername,
		Locale:            c.Locale,
		Reference:         c.Reference,
		Custom:            structOf(c.Custom),
	}
	for _, o := range c.Orgs {
		perms := o.Permissions
		if perms == nil {
			perms = []string{}
		}
		u.Memberships = append(u.Memberships, &arv2.Membership{
			Object:      "membership",
			Id:          o.Membership,
			OrgId:       o.Org,
			UserId:      c.Subject,
			Permissions: perms,
			Selected:    o.Selected,
			Org: &arv2.Org{
				Object:    "org",
				Id:        o.Org,
				RealmId:   c.Realm,
				Name:      o.Name,
				Reference: o.Reference,
				Custom:    structOf(o.Custom),
			},
		})
	}
	return &arv2.Session{
		Object:    "session",
		Id:        c.Session,
		UserId:    c.Subject,
		Token:     proto.String(token),
		CreatedAt: timestamppb.New(c.IssuedAt.Time),
		ExpiresAt: timestamppb.New(c.ExpiresAt.Time),
		User:      u,
	}
}

// structOf converts custom attributes; values JSON cannot have in a
// Struct (none, after decoding) would leave it empty rather than fail.
func structOf(m map[string]any) *structpb.Struct {
	if m == nil {
		return nil
	}
	s, err := structpb.NewStruct(m)
	if err != nil {
		return nil
	}
	return s
}

// issuedAt and expiresAt of a well-formed token.
func (c *claims) issuedAt() time.Time  { return c.IssuedAt.Time }
func (c *claims) expiresAt() time.Time { return c.ExpiresAt.Time }
