package emulator

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/boombuler/barcode/qr"
)

// credential is one way for a user to log in: a password, a TOTP
// authenticator app, or a login at a social provider. A user's credentials
// live on the user, in creation (id) order.
type credential struct {
	id             string
	credentialType string // password, totp, or a social/oauth2 provider type
	state          string // new (a TOTP credential not verified yet) or active
	name           *string
	authProviderID *string
	providerUserID *string
	createdAt      time.Time

	pwSalt, pwHash []byte // password
	otpSecret      []byte // totp
}

// credentialJSON is the JSON shape of a credential embedded in a user. The
// fields after created_at appear only when set, so a password credential
// keeps the shape users have always had.
type credentialJSON struct {
	ID             string    `json:"id"`
	Object         string    `json:"object"`
	UserID         string    `json:"user_id"`
	CredentialType string    `json:"credential_type"`
	State          string    `json:"state"`
	CreatedAt      floatTime `json:"created_at"`
	Name           *string   `json:"name,omitempty"`
	AuthProviderID *string   `json:"auth_provider_id,omitempty"`
	ProviderUserID *string   `json:"provider_user_id,omitempty"`
}

// credentialDetailJSON is the JSON shape the credentials endpoints answer:
// a new TOTP credential adds its enrollment data.
type credentialDetailJSON struct {
	credentialJSON
	OTPSecret       string `json:"otp_secret,omitempty"`
	ProvisioningURI string `json:"provisioning_uri,omitempty"`
	ProvisioningSVG string `json:"provisioning_svg,omitempty"`
}

// render returns the embedded shape of a credential of the user userID.
func (cr *credential) render(userID string) credentialJSON {
	return credentialJSON{
		ID:             cr.id,
		Object:         "credential",
		UserID:         userID,
		CredentialType: cr.credentialType,
		State:          cr.state,
		CreatedAt:      floatTime(cr.createdAt),
		Name:           cr.name,
		AuthProviderID: cr.authProviderID,
		ProviderUserID: cr.providerUserID,
	}
}

// renderDetail returns the credentials endpoints' shape for a credential of u.
// The enrollment data of a TOTP credential is shown only while it is new,
// labelled with the realm's name (issuer) and u's email.
func (cr *credential) renderDetail(u *user, issuer string) credentialDetailJSON {
	j := credentialDetailJSON{credentialJSON: cr.render(u.id)}
	if cr.credentialType == "totp" && cr.state == "new" {
		j.OTPSecret = totpEncoding.EncodeToString(cr.otpSecret)
		j.ProvisioningURI = provisioningURI(j.OTPSecret, issuer, u.email)
		j.ProvisioningSVG = qrSVG(j.ProvisioningURI)
	}
	return j
}

// provisioningURI is Google Authenticator's key URI:
// otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30.
func provisioningURI(secret, issuer, account string) string {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return "otpauth://totp/" + esc(issuer) + ":" + esc(account) +
		"?secret=" + secret + "&issuer=" + esc(issuer) + "&algorithm=SHA1&digits=6&period=30"
}

// qrSVG draws text as a QR code (error correction M) in SVG, one unit per
// module with a four-module quiet zone. It answers "" if text does not fit
// in a QR code.
func qrSVG(text string) string {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return ""
	}
	const quiet = 4
	n := code.Bounds().Dx()
	size := strconv.Itoa(n + 2*quiet)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + size + " " + size + `" shape-rendering="crispEdges">`)
	b.WriteString(`<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := range n {
		for x := range n {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				b.WriteString("M" + strconv.Itoa(x+quiet) + " " + strconv.Itoa(y+quiet) + "h1v1h-1z")
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

// passwordCred returns the user's password credential, or nil.
func (u *user) passwordCred() *credential {
	for _, cr := range u.creds {
		if cr.credentialType == "password" {
			return cr
		}
	}
	return nil
}

// setPassword stores a password (hashed) in the user's password
// credential, creating the credential if the user has none.
func (u *user) setPassword(e *Emulator, pw string, now time.Time) {
	cr := u.passwordCred()
	if cr == nil {
		cr = &credential{id: e.newID("crd_"), credentialType: "password", state: "active", createdAt: now}
		u.creds = append(u.creds, cr)
	}
	cr.pwSalt = make([]byte, 16)
	_, _ = rand.Read(cr.pwSalt)
	cr.pwHash = hashPassword(cr.pwSalt, pw)
}

// checkPassword reports whether pw is the user's password.
func (u *user) checkPassword(pw string) bool {
	cr := u.passwordCred()
	if cr == nil || cr.pwHash == nil {
		return false
	}
	return subtle.ConstantTimeCompare(hashPassword(cr.pwSalt, pw), cr.pwHash) == 1
}

// hashPassword is the emulator's (test-grade) password hash.
func hashPassword(salt []byte, pw string) []byte {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(pw))
	return h.Sum(nil)
}

// hasActiveMFA reports whether logging u in needs a second factor: u has
// a verified TOTP credential and the realm's totp provider is active. An
// inactive (or deleted) totp provider turns the second factor off.
func (u *user) hasActiveMFA(rl *realm) bool {
	if p := rl.providerOfType("totp"); p == nil || p.state != "active" {
		return false
	}
	for _, cr := range u.creds {
		if cr.credentialType == "totp" && cr.state == "active" {
			return true
		}
	}
	return false
}

// checkTOTP reports whether code is a current code of one of u's verified
// TOTP credentials.
func (u *user) checkTOTP(code string, now time.Time) bool {
	for _, cr := range u.creds {
		if cr.credentialType == "totp" && cr.state == "active" && totpValid(cr.otpSecret, code, now) {
			return true
		}
	}
	return false
}

// socialUser returns the user holding the credential for providerUserID at
// the auth provider providerID (the oldest, should there be several), or
// nil.
func (rl *realm) socialUser(providerID, providerUserID string) *user {
	u, _ := firstByID(rl.users, func(u *user) bool {
		return slices.ContainsFunc(u.creds, func(cr *credential) bool {
			return deref(cr.authProviderID) == providerID && deref(cr.providerUserID) == providerUserID
		})
	})
	return u
}

// findCredential finds a credential of the realm by id, with its user.
func (rl *realm) findCredential(id string) (*user, *credential) {
	for _, u := range rl.users {
		for _, cr := range u.creds {
			if cr.id == id {
				return u, cr
			}
		}
	}
	return nil, nil
}

// lookupCredential finds the credential named by the first path parameter
// or 404s.
func (c *call) lookupCredential() (*user, *credential, *apiError) {
	u, cr := c.realm.findCredential(c.params[0])
	if cr == nil {
		return nil, nil, errNotFound()
	}
	return u, cr, nil
}

// renderCredential answers status with the credential's detail shape.
func (c *call) renderCredential(status int, u *user, cr *credential) (int, any, *apiError) {
	return status, cr.renderDetail(u, c.realm.name), nil
}

// passwordAttrs validates a password and its confirmation (when sent)
// against the realm's password provider. It returns the password ("" for
// none) and the messages.
func (c *call) passwordAttrs(a attrs, required bool) (string, verrs) {
	var v verrs
	pw, _, ok := a.str("password")
	switch {
	case !ok:
		v.attr("invalid", "password")
	case pw == nil || *pw == "":
		if required {
			v.attr("blank", "password")
		}
	default:
		for _, x := range c.realm.passwordErrors(*pw) {
			v.add(x)
		}
		if conf, present, _ := a.str("password_confirmation"); present && (conf == nil || *conf != *pw) {
			v.add(m("confirmation", "attr", "password_confirmation", "other", "password"))
		}
		return *pw, v
	}
	return "", v
}

// createCredential handles POST /v2/credentials: a password, a TOTP
// authenticator (state new until verified; the realm's totp provider must
// be active) or a social login (provider_user_id at an auth provider of
// the same type, held by no user of the realm yet).
func createCredential(c *call) (int, any, *apiError) {
	a := rootAttrs(c.body, "credential")
	var v verrs
	u := c.userRef(a, &v)
	typ := ""
	if s, _, _ := a.str("credential_type"); s != nil {
		typ = strings.TrimSpace(*s)
	}
	cr := &credential{credentialType: typ, state: "active", createdAt: c.now}
	var pw string
	switch {
	case typ == "":
		v.attr("blank", "credential_type")
	case typ == "password":
		if u != nil && u.passwordCred() != nil {
			v.attr("taken", "credential_type")
		}
		var pv verrs
		pw, pv = c.passwordAttrs(a, true)
		v = append(v, pv...)
	case typ == "totp":
		p, pv := c.credentialProvider(a, "totp")
		if pv != nil {
			v = append(v, pv...)
		} else if p.state != "active" {
			v.add(m("provider_inactive"))
		} else {
			id := p.id
			cr.authProviderID = &id
		}
		if name, _, _ := a.str("name"); name == nil || strings.TrimSpace(*name) == "" {
			v.attr("blank", "name")
		} else {
			n := strings.TrimSpace(*name)
			cr.name = &n
		}
		cr.state, cr.otpSecret = "new", newTOTPSecret()
	case socialTypes[typ]:
		if p, pv := c.credentialProvider(a, typ); pv != nil {
			v = append(v, pv...)
		} else {
			id := p.id
			cr.authProviderID = &id
		}
		switch pid, _, _ := a.str("provider_user_id"); {
		case pid == nil || strings.TrimSpace(*pid) == "":
			v.attr("blank", "provider_user_id")
		default:
			s := strings.TrimSpace(*pid)
			cr.providerUserID = &s
			if cr.authProviderID != nil && c.realm.socialUser(*cr.authProviderID, s) != nil {
				v.attr("taken", "provider_user_id")
			}
		}
	default:
		v.attr("inclusion", "credential_type")
	}
	if aerr := v.err(); aerr != nil {
		return 0, nil, aerr
	}
	if typ == "password" {
		u.setPassword(c.e, pw, c.now)
		return c.renderCredential(http.StatusCreated, u, u.passwordCred())
	}
	cr.id = c.e.newID("crd_")
	u.creds = append(u.creds, cr)
	return c.renderCredential(http.StatusCreated, u, cr)
}

// credentialProvider finds the auth provider a new credential of type typ
// belongs to: auth_provider_id when sent (it must be of that type), else
// the realm's provider of that type.
func (c *call) credentialProvider(a attrs, typ string) (*authProvider, verrs) {
	p := c.realm.providerOfType(typ)
	if id, _, _ := idAttr(a, "auth_provider_id"); id != "" {
		p = c.realm.authProviders[id]
	}
	if p == nil || p.providerType != typ {
		return nil, verrs{attrMsg("invalid", "auth_provider")}
	}
	return p, nil
}

// getCredential handles GET /v2/credentials/:id.
func getCredential(c *call) (int, any, *apiError) {
	u, cr, aerr := c.lookupCredential()
	if aerr != nil {
		return 0, nil, aerr
	}
	return c.renderCredential(http.StatusOK, u, cr)
}

// updateCredential handles PUT /v2/credentials/:id: a password
// credential's password (and confirmation), a TOTP credential's name.
// Other attributes are ignored.
func updateCredential(c *call) (int, any, *apiError) {
	u, cr, aerr := c.lookupCredential()
	if aerr != nil {
		return 0, nil, aerr
	}
	a := rootAttrs(c.body, "credential")
	switch cr.credentialType {
	case "password":
		pw, v := c.passwordAttrs(a, false)
		if aerr := v.err(); aerr != nil {
			return 0, nil, aerr
		}
		if pw != "" {
			u.setPassword(c.e, pw, c.now)
		}
	case "totp":
		if name, present, _ := a.str("name"); present {
			if name == nil || strings.TrimSpace(*name) == "" {
				return 0, nil, verrs{attrMsg("blank", "name")}.err()
			}
			n := strings.TrimSpace(*name)
			cr.name = &n
		}
	}
	return c.renderCredential(http.StatusOK, u, cr)
}

// deleteCredential handles DELETE /v2/credentials/:id, even for a user's only
// password. It answers the deleted credential.
func deleteCredential(c *call) (int, any, *apiError) {
	u, cr, aerr := c.lookupCredential()
	if aerr != nil {
		return 0, nil, aerr
	}
	for i, x := range u.creds {
		if x == cr {
			u.creds = append(u.creds[:i], u.creds[i+1:]...)
			break
		}
	}
	return c.renderCredential(http.StatusOK, u, cr)
}

// verifyCredential handles POST /v2/credentials/:id/verify: a current code
// of a TOTP credential (one 30-second step of drift either way) makes it
// active; anything else is 422 "Verification failed".
func verifyCredential(c *call) (int, any, *apiError) {
	u, cr, aerr := c.lookupCredential()
	if aerr != nil {
		return 0, nil, aerr
	}
	code, _, _ := rootAttrs(c.body, "credential").str("code")
	if cr.credentialType != "totp" || code == nil || !totpValid(cr.otpSecret, *code, c.now) {
		return 0, nil, newError(http.StatusUnprocessableEntity, "verification_failed")
	}
	cr.state = "active"
	return c.renderCredential(http.StatusOK, u, cr)
}
