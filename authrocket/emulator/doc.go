// Package emulator is an in-memory, stateful fake of AuthRocket's REST API
// v2, behind a real HTTP server. It serves the project's tests, the
// gateway's --dev mode and the standalone cmd/authrocket-emulator binary.
// It speaks AuthRocket's HTTP/JSON only and imports nothing else from this
// project. It is modelled on the pubsub pstest server: hand-written,
// stateful, with fault injection and an injectable clock.
//
// # What it owns
//
// Realms (CRUD and reset), and inside each realm
// users (CRUD, lookup by id, email or username, authenticate,
// update_password, profile), orgs (CRUD, soft close and forced delete),
// memberships (CRUD, embedding) and sessions (list, get by id or by JWT,
// create, delete) with real RS256/HS256 JWTs; the realm's event log (list,
// get) with the notifications of its hooks; and the realm's configuration:
// hooks, named permissions, resource links, mailing-list providers and
// subscriptions, and SMTP providers (CRUD; named permissions and resource
// links have no list and are embedded in GET /v2/realms/:id).
// authenticate_token, update_password, profile), orgs (CRUD, soft close and
// forced delete), memberships (CRUD, embedding), sessions (list, get by id
// or by JWT, create, delete) with real RS256/HS256 JWTs, auth providers
// (CRUD, lookup by type, login URLs, logins with a code or an access token)
// and credentials (get, create, update, delete, verify): passwords, TOTP
// authenticators with real RFC 6238 codes (TOTPCode computes them for
// tests), and social logins. A user with a verified TOTP credential logs in
// in two steps: authenticate answers a tmf: token, authenticate_token
// trades it and a code for the session. Logins record user.login.* events.
// update_password, profile, generate_password_token,
// reset_password_with_token, request_email_verification, verify_email,
// accept_invitation), orgs (CRUD, soft close and forced delete),
// memberships (CRUD, embedding), sessions (list, get by id or by JWT,
// create, delete) with real RS256/HS256 JWTs, one-time tokens (tpw:, tve:;
// tokens.go) and invitations (CRUD, invite, expiry). Actions record their
// events (events.go) in the realm's event log.
// Each realm has its own RSA-2048 key pair (made on first use), a kid and
// a jsk_ secret. The request conventions of authrocket-api.md §2 (API key
// memberships (CRUD, embedding), sessions (list, get by id or by JWT,
// create, delete) with real RS256/HS256 JWTs, OAuth2 sessions (code issue,
// one-time exchange for tokens), client apps (standard and oauth2, CRUD),
// domains (CRUD, verify) and JWT keys (list, get, create, delete).
// Each realm has its own signing keys (jwt_keys): one rs256 (RSA-2048, made
// on first use) and one hs256 (a jsk_ secret) to start with; tokens are
// signed with the newest key of the realm's jwt_algo and carry its id as
// kid. Each domain's fqdn is a LoginRocket host: the emulator serves the
// realm's JWKS at GET /connect/jwks when the request's Host is the fqdn, and
// at /_loginrocket/<fqdn>/connect/jwks (LoginRocketURL; no API key either
// way). The request conventions of authrocket-api.md §2 (API key
// and realm headers, root elements, JSON/form/empty bodies, DELETE
// parameters in query or body, k[]= and k[0]= query arrays) and the
// response conventions of §3 (flat objects with object and prefixed id,
// {"collection", "more_results"} lists, {"errors": [...]} errors localized
// in en and es, epoch-seconds times, X-Request-ID on every response) are
// implemented for all endpoints.
//
// # Use
//
//	emu := emulator.New(emulator.WithClock(emulator.NewManualClock(t0)))
//	realmID, _ := emu.CreateRealm("Test realm")
//	srv := httptest.NewServer(emu)
//	// call srv.URL + "/v2/users" with "Authrocket-Api-Key: " + emu.APIKey()
//	// and "Authrocket-Realm: " + realmID
//	emu.InjectFault(emulator.Fault{Path: "/v2/users*", Status: 429, RetryAfter: "2", Times: 1})
//	reqs := emu.Requests() // what the code under test sent
//
// ServerHandler adds the admin API (AdminHandler) under /_emulator/, for
// driving a standalone emulator from other languages.
//
// The account starts with one API key (APIKey); AddAPIKey issues more and
// RevokeAPIKey revokes any of them, as AuthRocket's portal does, so that a
// key rotation can be rehearsed.
//
// Order of checks for each request: record it; apply a matching fault;
// API key (403); Accept (406); route (404, 405); body (415, 400); realm
// (400, 404) for realm-scoped endpoints; then the endpoint (404, 409, 422).
//
// # Fidelity
//
// Where the emulator knowingly differs from AuthRocket, or had to guess:
//
//   - Scope: realms, users, orgs, memberships, sessions, events, hooks,
//     named permissions, resource links, mailing-list providers and
//     subscriptions, SMTP providers. No auth providers, credentials
//     endpoints, invitations, tokens (tve:/tpw:/tmf:), JWKS, LoginRocket or
//     MFA yet.
//   - Scope: realms, users, orgs, memberships, sessions, auth providers,
//     credentials and tmf: tokens (MFA). No invitations, tve:/tpw: tokens,
//     events endpoints, hooks, JWKS or LoginRocket yet.
//   - Scope: only realms, users, orgs, memberships, sessions, invitations
//     and tpw:/tve: tokens. No auth providers, credentials endpoints, events
//     endpoints, hooks, JWKS, LoginRocket or MFA (tmf:) yet.
//   - Scope: realms, users, orgs, memberships, sessions (OAuth2 ones
//     included), client apps, domains, JWT keys and the LoginRocket JWKS.
//     No auth providers, credentials endpoints, invitations, tokens
//     (tve:/tpw:/tmf:), events, hooks, other LoginRocket endpoints or MFA
//     yet.
//   - Realm-scoped call without any realm: 400 "Realm ID is required"; the
//     real status and text are unknown (§8 item 2, §9). Unknown realm: 404.
//   - Realm precedence: Authrocket-Realm header, then realm_id in the
//     query, then realm_id in the body (top level, then inside the root
//     element), then the realm after the comma in "Bearer ks_…,rl_…" (§2.1;
//     the comma form is from one third-party client, §9 item 4).
//   - Writes without the root element are accepted: the top-level object
//     minus "request" and "realm_id" is used as the attributes (lenient;
//     AuthRocket probably ignores such attributes). The "request" object is
//     stored on sessions and copied, as sent, into the call's events.
//     accepted and stored on sessions and on the events a call records.
//   - A non-empty body without a Content-Type is read as JSON. Malformed
//     JSON (or a JSON body that is not an object or null) is a 400
//     "Malformed JSON body"; AuthRocket's exact text is unknown.
//   - Error texts other than those quoted in §3.3 ("Login failed",
//     "Error al iniciar sesión", "Current password does not match",
//     "Access denied; …") are Rails-style guesses ("Email can't be blank",
//     "Email has already been taken", "User has already been taken", …),
//     with rails-i18n style Spanish. Messages come in a stable order, not
//     necessarily AuthRocket's. 404 is always "Not found"; 405 "Method not
//     allowed"; 406 and 415 have emulator wording. Japanese is not offered
//     (§9 item 16): any locale other than es gets English.
//   - Paging (§2.4, §3.2): max_results outside 1–1000 or not an integer,
//     an unknown sort field or a direction other than asc/desc is a 422
//     with an emulator message (AuthRocket's behaviour is not documented).
//     Default and allowed sorts: realms id (id|name), users id
//     (id|email|created_at; §9 item 10), orgs name (id|name), memberships
//     id (id). Name and email sorts are case-insensitive with id as the
//     tie-breaker. An after cursor that names no existing row is not a 404:
//     with sort=id the rows with a greater id follow; with another sort the
//     page is empty (more_results false).
//   - Ids are prefix + 9 base36 characters of a per-emulator sequence
//     (seeded from the wall clock) + 10 random characters, so ids sort in
//     creation order; AuthRocket's id format is opaque.
//   - Users: email is trimmed, lowercased, checked only for a basic
//     a@b.c shape and unique per realm; username is unique per realm
//     without regard to case. name is "first_name last_name" trimmed, or
//     the email when both are blank (§4.2 says only that it is always
//     filled). Blank strings are stored as null. custom is replaced as a
//     whole on update. A password of "" means "no change". New passwords
//     follow the realm's password provider (min_length, required_chars;
//     without a provider, 8 characters); password_confirmation is checked
//     only when sent with a password. A user without credentials has an
//     empty credentials array.
//     Lookup in paths: exact id, else email when the key contains "@",
//     else username.
//   - DELETE /v2/users/:id is a hard delete (§4.2, inferred) that also
//     removes the user's memberships and sessions, and answers 200 with
//     the deleted user (the real body is not known; §9 item 2).
//   - authenticate: 201 with the session (§4.2, PY3P), or with a tmf:
//     token (see MFA); 422 "Login failed" for a wrong password, for a user
//     without a password, for an inactive user and when the password
//     provider is inactive or deleted; 404 for an unknown user. Session expires_at =
//     created_at + session_minutes (default 360); the JWT exp = iat +
//     jwt_minutes (default 60); both defaults are guesses (§6.5, §9 item 7).
//   - update_password: a missing or wrong current_password is 422 "Current
//     password does not match"; a blank new password is 422 "Password can't
//     be blank". profile accepts only email, first_name, last_name,
//     password, password_confirmation and username, without a current
//     password.
//   - JWT (§6.3, §6.5): claims iss, sub, sid, rid, iat, exp, name, email,
//     email_verified (true only when email_verification is "verified")
//     always; given_name, family_name, preferred_username, locale, ref only
//     when set; cs only when custom is not empty; orgs only when jwt_scopes
//     contains "ar.orgs" (jwt_scopes is a space- or comma-separated
//     string; an array is joined). orgs lists the user's memberships in
//     orgs that are not closed, in membership id order; exactly one is
//     selected: the first membership with selected=true, else the first.
//     RS256 and HS256 headers both carry the signing key's id as kid.
//   - Orgs: DELETE without force closes the org (state "closed", still
//     listed, §4.3 inferred); with force=true (query, or body top level or
//     under "org") it is deleted with its memberships; both answer 200 with
//     the org. Updating a closed org is 409 "Org is closed" (a guess; it
//     gives tests a real 409). state accepts active and inactive on write.
//     Rows omit custom unless expand=custom (§3.6).
//   - Memberships: user_id and org_id must name a user and an org of the
//     realm ("User not found", "Org not found", "User can't be blank",
//     "Org can't be blank"); a duplicate pair is "User has already been
//     taken"; on update they are ignored. Permissions are checked against
//     §4.4 (pattern, 62 characters, 20 entries, ar: reserved except
//     ar:owner and ar:admin). A membership whose expires_at has passed is
//     deleted before the next realm-scoped call. Closed orgs accept new
//     memberships. DELETE answers 200 with the deleted membership.
//     Listing by org_id alone embeds each user, by user_id alone each org
//     (§3.6).
//   - Realms: jwt_algo rs256 (default) or hs256; jwt_key is the SPKI PEM
//     public key or the jsk_ secret (§6.1) of the newest key of jwt_algo;
//     jwt_minutes 60, session_minutes 360 and org_mode single_user by
//     default. DELETE makes the realm inactive (still listed and readable;
//     ?state=active hides it); reset empties it and keeps its settings and
//     keys. Other realm attributes
//     and the default auth providers (§4.1) are not modelled yet.
//   - Events (§4.15): users, orgs, memberships and sessions record
//     user.{created,updated,deleted,profile.updated,password.updated,
//     login.succeeded,login.failed}, org.{created,updated,closed},
//     membership.{created,updated,deleted} and session.deleted; refused
//     calls record nothing, except a wrong password (user.login.failed).
//     Every DELETE of an org records org.closed, forced or not, even for an
//     org already closed. Cascading deletes (a user's memberships, a forced
//     org's memberships) record no events. Events name only the resources
//     they are about (other <resource>_id keys are left out) and carry
//     token (the account key has write permission). The list's
//     event_type filter is a left-anchored prefix of the type (any of
//     several); created_at_after takes epoch seconds or RFC 3339, an empty
//     value clears the 30-day default, anything else is 422 "Created at
//     after is invalid"; sort is id only, direction desc by default. A
//     realm keeps its last 10,000 events; reset empties the log.
//   - Notifications (§4.16): an event gets one per active hook of its type,
//     in hook id order. The emulator makes no outgoing calls: a webhook's
//     notification stays in_progress with 0 attempts; an email or
//     mailing-list hook's is completed at once (1 attempt at the event's
//     time, last_destination email_to, else the event user's email, or the
//     list_id; last_result "emulated: nothing was sent").
//   - Hooks (§4.14): event_type must be one of the 39 types; hook_type
//     webhook, email or mailing_list (the last is a guess for the hooks
//     that mailing-list subscriptions name); state active (default) or
//     inactive. A webhook needs an http(s) destination; an email hook an
//     event type of the gem's email_event_types and, if set, an email_to
//     address; a mailing_list hook a mailing_list_provider_id of the realm
//     and a list_id (one of the provider's valid_list_ids when it has any).
//     A hook is checked as a whole on update. delay is an integer >= 0;
//     accumulate, on_create and visibility (types undocumented) take any
//     scalar; email_subjects, email_templates and email_renderers are
//     hashes; current_locales are the keys of email_subjects and
//     email_templates. Deleting a hook deletes its subscriptions.
//   - Named permissions (§4.17): name and permission required; the
//     permission follows the membership rules (§4.4) and is unique in the
//     realm. auto_grant is stored but new memberships do not get the
//     permission from it.
//   - Resource links (§4.18): title, link_url (http or https) and
//     resource_type (user, org or membership: a guess) required.
//   - Mailing-list providers (§4.19): provider_name and provider_type
//     (lower-case letters, digits, "_") required; api_endpoint an http(s)
//     URL; valid_list_ids writable. The provider is never called. Deleting
//     one that a hook uses is 409 "Mailing list provider is in use by a
//     hook".
//   - Mailing-list subscriptions (§4.20): user_id and hook_id (a
//     mailing_list hook) required, one per user and hook ("User has already
//     been taken"); list_state subscribed (default), unsubscribed or
//     pending (a guess); only list_state changes on update. A subscription
//     whose user or hook is gone is deleted before the next subscription
//     call. There is no realm_id.
//   - SMTP providers (§4.21): provider_name, provider_type and an
//     email_from address required; smtp_host required when provider_type is
//     "smtp"; smtp_port 1–65535. smtp_password is write-only: stored, never
//     answered; a blank one keeps the old. The server is never contacted.
//   - Ids of resources whose AuthRocket prefix is unknown (§3.7, §9 item 6):
//     hk_ (hooks, AuthRocket 1's prefix), np_, rsl_, mlp_, mls_, smp_.
//     Every configuration resource has created_at; lists sort by id only.
//     Realm reset deletes them all, as it empties the event log.
//     empties it, puts back the two default auth providers (new ids) and
//     keeps its settings and keys. Other realm attributes are not
//     modelled yet.
//   - Auth providers: a new realm has "password" (active, min_length 8,
//     min_complexity 0, required_chars []) then "totp" (inactive,
//     "Authenticator app"), in id order. One provider per type except
//     oauth2 (422 "Provider type has already been taken"). A new social
//     or oauth2 provider is active and needs client_id and client_secret;
//     oauth2 also an http(s) authorization_url. client_secret is stored
//     and never answered (AuthRocket's behaviour is unknown). Attributes
//     that do not apply to a type are null on read and ignored on write;
//     provider_type cannot change; a blank name keeps the old one.
//     required_chars takes lowercase, uppercase, number, symbol (a symbol
//     is anything not a letter or digit), with "Password must include …"
//     messages; min_complexity (zxcvbn, 0–4) is stored, not enforced.
//     Lookup by type gives the oldest provider of that type. List sorts:
//     id (default), name. DELETE answers the provider; an inactive or
//     deleted password provider refuses every password login ("Login
//     failed"), an inactive or deleted totp provider turns second factors
//     off.
//   - Login URLs (GET auth_providers[/:id]/authorize): redirect_uri is
//     required (an http(s) URL, 422 otherwise); entries are {id, object
//     "auth_provider", provider_type, name, auth_url}; auth_url is the
//     provider's real authorization endpoint (oauth2: its
//     authorization_url) with client_id, redirect_uri, response_type=code,
//     scope, state and nonce. A password or totp provider, or an inactive
//     one, is 422 "Auth provider is not an active social or OAuth2
//     provider". Each URL records a fresh state for 30 minutes.
//   - Social logins: no provider is called. The emulator's convention is
//     that the code (POST auth_providers/authorize) or access token (POST
//     auth_providers/:id/authorize) "emulator:<email>" is valid and the
//     provider says it belongs to <email>; anything else is 422 "Error
//     validating code" (with retry_url, a fresh login URL, when the state
//     is known) or "Error validating access token". The state must be
//     known, unexpired and its provider still active, and the nonce, when
//     sent, the one of the login URL; a state is used up by a successful
//     login only. The user is the one with that provider's credential for
//     provider_user_id <email>, else the realm's user with that email (who
//     gains the credential), else a new active user with email_verification
//     "verified" (user.created). Both answer 201 with a session, even for a
//     user with a second factor.
//   - Credentials live on their user (deleted with it). Embedded in users
//     they add name, auth_provider_id and provider_user_id when set, and
//     never the TOTP secret. A user has at most one password credential;
//     creating a second is 422 "Credential type has already been taken".
//     TOTP: the realm's totp provider (or auth_provider_id, which must be
//     a totp provider) must be active ("Auth provider is not active") and
//     name is required. otp_secret is 20 random bytes in unpadded base32;
//     provisioning_uri is otpauth://totp/<realm name>:<email>?secret=…
//     &issuer=<realm name>&algorithm=SHA1&digits=6&period=30, and
//     provisioning_svg a QR code of it (boombuler/barcode); all three only
//     while state is new. verify accepts the code of the clock's 30-second
//     step or of one step either side, any number of times (no replay
//     check); a wrong code, or verify of a non-TOTP credential, is 422
//     "Verification failed". Social credentials need auth_provider_id of a
//     provider of their type and provider_user_id. update changes only a
//     password (with the password rules) or a TOTP name. All answer the
//     credential (create 201).
//   - MFA: a user needs a second factor when they have an active TOTP
//     credential and the totp provider is active (user.hasActiveMFA).
//     authenticate then answers 201 {object "token", token "tmf:…",
//     user_id} and records user.login.initiated with the token and its
//     expiry, 15 minutes later (a guess). authenticate_token answers 201
//     with the session for a live token and a current code of any of the
//     user's active TOTP credentials; the token is used up by success
//     only. An unknown, used or expired token is 422 "Token is invalid or
//     has expired"; a wrong code or an inactive user 422 "Login failed"
//     with user.login.failed. last_login_at is set when a session is made.
//     Events: user.login.failed (wrong password, inactive user, wrong
//     code), user.login.initiated, user.login.succeeded (with the session,
//     and the auth provider of a social login).
//   - Tokens (§3.7, §4.7): prefix + 40 random lowercase alphanumerics,
//     answered as {object, token, user_id} only. tpw: lasts 1 hour, tve: 24
//     hours (on the emulator clock; AuthRocket's lifetimes are unknown).
//     Each is single use, works only in its realm, and dies with its user;
//     a new token does not revoke older ones. An unknown, used, expired or
//     wrong-kind token is 422 "Token is invalid"; a missing one "Token
//     can't be blank" (texts guessed). generate_password_token and
//     request_email_verification answer 200.
//   - reset_password_with_token checks the token, then the password (as
//     update_password: "Password can't be blank", minimum 8, confirmation);
//     a failure leaves the token usable. An inactive user gets 422 "Login
//     failed" and nothing changes. Success uses the token up, stamps
//     last_login_at and answers 201 with a session, or, like authenticate,
//     201 with a tmf: token when the user has an active TOTP credential.
//   - request_email_verification sets email_verification "requested"
//     (even over "verified") and binds its tve: token to the pending email
//     if one is set, else the email; verify_email refuses the token once the
//     user's address has changed ("Token is invalid"), or with "Email has
//     already been taken" if the pending email was taken meanwhile. tue:
//     tokens are never issued, so the emulator never accepts one.
//   - Invitations (§4.9): token is 32 random lowercase alphanumerics (not
//     the id), only in the create answer; locale defaults to "en" (realms
//     have no default_locale here); expires_at defaults to created_at + 30
//     days and is writable. invitation_type is required and fixed on
//     create (ignored on update). Required per type: org needs org_id (an
//     org of the realm), referral needs inviting_user_id (a guess); any
//     inviting_user_id must name a user of the realm. Attributes that do not
//     apply are dropped: org_id/permissions outside org, auth_provider_id
//     outside preverify (not checked: no auth providers yet),
//     inviting_user_id on request. Permissions follow the membership rules.
//     Email is lowercased, checked like a user's email, not unique.
//     Filters org_id, invitation_type, email, inviting_user_id; sort id
//     (default), email or created_at. DELETE answers 200 with the
//     invitation; invite answers 200 and sets invited_at each time.
//   - Invitation expiry: an invitation whose expires_at has passed is
//     deleted before the next realm-scoped call, recording
//     invitation.<type>.expired at that call's time.
//   - accept_invitation: any user of the realm may accept with the token,
//     whatever email it was sent to (§4.2); 422 "Token is invalid" for an
//     unknown, expired or accepted one. An accepted invitation is deleted
//     (not kept with a state). org: creates the membership with the
//     invitation's permissions (membership.created), unless the user is
//     already a member (kept as is), and 422 "Org not found" if the org is
//     gone. preverify: verifies the user's email when it equals the
//     invitation's. Answers 200 with the user.
//   - Events: user.password.resetting and user.email.verifying carry the
//     token and its expiry; invitation.<type>.created and .invited carry
//     the invitation token and expires_at; invitation events name the
//     inviting user as user_id, except .accepted (the accepting user).
//   - Ids of client apps (ca_), domains (dom_) and OAuth2 sessions (kss_:
//     the id of the session the exchange starts) are guesses (§9 item 6);
//     jwt keys use jky_ as AuthRocket's jwt_keys page documents.
//   - JWT keys (§4.13): a new realm has one rs256 and one hs256 key. POST
//     generates a key (algo rs256|hs256 required, use only "sign"; a key
//     sent in the body is ignored) that signs the realm's new tokens if its
//     algo is the realm's jwt_algo; older keys keep verifying until
//     deleted. flags is ["current"] on the newest key of each algorithm,
//     [] otherwise. key is the PEM public key or the jsk_ secret; short_key
//     is the PEM body without armor (base64 SPKI) or the secret. Lists sort
//     by id, newest first by default (AuthRocket 1's documented default).
//     DELETE is a hard delete answering 200 with the key; deleting the
//     realm's last key of an algorithm is a 409 "Cannot delete the realm's
//     last rs256 key". Keys, client apps and domains survive a realm reset
//     (they are configuration, not data).
//   - JWKS (§6.2): every rs256 key of the realm, oldest first, as {kty RSA,
//     kid, use sig, alg RS256, n, e, x5c: [base64 DER SPKI]}, with
//     Access-Control-Allow-Origin: *; only GET and HEAD (405 otherwise).
//     Served only for an active domain whose DNS is verified; an unknown
//     host is a 404. JWKS requests are recorded and faults apply to them
//     like API requests.
//   - Domains (§4.12): domain_type loginrocket or custom, fixed after create
//     ("Domain type can't be changed"). A loginrocket domain's fqdn is
//     <subdomain>.loginrocket.localhost (AuthRocket's is
//     <sub>.<cluster>.loginrocket.com; the emulator's stays on the
//     loopback), subdomain random (10 characters) when not given, a DNS
//     label; it is verified and its certificate issued at once. A custom
//     domain names a host in domain, starts with dns_state and cert_state
//     "pending" (again when its host changes) and serves once verify sets
//     them to "verified" and "issued"; verify always succeeds. fqdns are
//     unique across the emulator ("… has already been taken"). uri is where
//     this emulator serves the domain (scheme and Host of the request +
//     /_loginrocket/<fqdn>), usable as LOGINROCKET_URL; AuthRocket's is
//     presumably https://<fqdn>. flags is always []. Sort id; filters
//     domain_type, state.
//   - Client apps (§4.11): client_type standard or oauth2 (fixed after
//     create), name and at least one redirect URI (absolute, no fragment;
//     custom schemes allowed) are required for both types; state
//     active|inactive. oauth2 apps get a 48-character secret and default
//     allowed_scopes [openid profile email], app_type web, trusted false;
//     standard apps ignore those attributes and show them as null. The
//     secret is in single-object answers, never in list rows. Sort id
//     (default) or name; filters client_type, state. DELETE is a hard
//     delete that also drops the app's unexchanged codes.
//   - OAuth2 sessions (§4.6): POST sessions/oauth2 {client_app_id, user_id,
//     redirect_uri?} is the emulator's stand-in for a LoginRocket login to
//     an oauth2 app: 201 with a 40-character code valid 10 minutes, for the
//     app's first redirect URI or one that is equal or more specific (§7).
//     POST sessions/oauth2/code {client_app_id, client_app_secret, code}
//     answers 200 with access_token (the new session's login token, the
//     session having the oauth2 session's id and client_app_id), id_token
//     (the same claims plus aud = the app), token_type Bearer, expires_in
//     and expires_at (the token's exp), and profile (OIDC claims of the
//     user); the code is then spent. Failures are 422: blanks, "Client app
//     not found", "Client app is not an OAuth2 app", "Client app is
//     inactive", "Client app secret is invalid" (checked before the code),
//     "Code is invalid" (unknown, spent, expired or another app's). The
//     object is "oauth2_session" for all three endpoints (the Ruby SDK's
//     comment calls the exchange's answer a Token). GET sessions/oauth2/:id
//     shows the code until the exchange, then the tokens; it is a 404 once
//     the code expired unexchanged or the session ended.
//   - Booleans in parameters accept true, "true", "1" and 1; anything else
//     is false.
//   - Faults are matched on the decoded path (r.URL.Path). Latency always
//     waits in real time, whatever the Clock. The X-Request-ID header is
//     the emulator's own random 32 hex digits (AuthRocket's format is not
//     documented, §9 item 3). No rate limiting except by injected faults.
//   - Recorded requests (Requests) include every request to the API
//     handler, even refused ones; admin API calls are not recorded.
package emulator
