// Package emulator is an in-memory, stateful fake of AuthRocket's REST API
// v2 behind a real HTTP server. It serves the project's tests, the gateway's
// --dev mode and the standalone cmd/authrocket-emulator binary. Like Google's
// pubsub/pstest it is hand-written, keeps state, injects faults and reads an
// injectable clock. It speaks AuthRocket's HTTP/JSON only and imports
// nothing else from this project.
//
// It follows what is known of AuthRocket's API from its documentation and its
// official SDKs. Where these are silent the emulator had to choose, and each
// such choice is marked (guess). A difference from AuthRocket that is not
// marked here is a bug. docs/emulator-fidelity.md lists the differences and
// guesses in short.
//
// # Use from Go
//
//	emu := emulator.New(emulator.WithClock(emulator.NewManualClock(t0)))
//	realmID, _ := emu.CreateRealm("Test realm")
//	srv := httptest.NewServer(emu)
//	// call srv.URL + "/v2/users" with "Authrocket-Api-Key: " + emu.APIKey()
//	// and "Authrocket-Realm: " + realmID
//	emu.InjectFault(emulator.Fault{Path: "/v2/users*", Status: 429, RetryAfter: "2", Times: 1})
//	reqs := emu.Requests() // what the code under test sent
//
// An Emulator is the http.Handler of the API and of the LoginRocket JWKS;
// ServerHandler adds the admin API under AdminPrefix. New takes WithClock
// and WithAPIKey (a "ks_" key; otherwise "ks_" + 32 random characters).
// CreateRealm and CreateRealmWith create a realm as POST /v2/realms would;
// CreateDomain adds a domain to a realm and returns its fqdn, and
// LoginRocketURL gives the URL at which the emulator serves that host.
// TOTPCode computes what an authenticator app shows for a TOTP credential's
// otp_secret. All methods are safe for concurrent use; one lock serialises
// the API calls.
//
// # Standalone binary and admin API
//
//	go run ./cmd/authrocket-emulator --addr 127.0.0.1:8081 --api-key ks_… --realm NAME --jwt-algo rs256 --loginrocket-subdomain SUB
//
// serves ServerHandler (every flag is optional) and prints AUTHROCKET_URL
// and AUTHROCKET_API_KEY; unless --realm is empty it creates a realm
// ("Emulated realm" by default) with a loginrocket domain and also prints
// LOGINROCKET_URL and AUTHROCKET_REALM. Tests in other languages drive it over the admin API,
// which takes any of the account's API keys (Authrocket-Api-Key or
// Authorization: Bearer), speaks JSON and is not recorded:
//
//	POST   /_emulator/faults        add a fault; 201 {"id": "flt_1"}
//	GET    /_emulator/faults        {"collection": [fault, ...]}
//	DELETE /_emulator/faults        remove every fault; {"cleared": n}
//	DELETE /_emulator/faults/{id}   remove one fault; 404 if unknown
//	GET    /_emulator/requests      {"count": n, "requests": [request, ...]}
//	DELETE /_emulator/requests      forget the recorded requests
//	GET    /_emulator/clock         {"now": epoch seconds, "time": RFC 3339}
//	POST   /_emulator/clock         {"advance": "90m"}: move time forward
//	POST   /_emulator/api_keys      issue another API key; 201 {"key": "ks_…"}
//	DELETE /_emulator/api_keys      {"key": "ks_…"}: revoke it; 404 if not valid
//
// Faults. A Fault matches on Method (any when empty) and Path: the decoded
// path exactly, or a prefix ending in "*" ("" and "*" match every path). The
// first matching fault in insertion order applies, to every request the API
// handler receives (unknown paths and JWKS requests included), before the
// API key is checked. Its Latency waits in real time, whatever the Clock, and
// gives up if the client goes away; then Drop closes the connection without
// an answer, or Status answers {"errors": Errors} (by default a generic
// localized message: "Server error" for 5xx, "Rate limited; wait before
// trying again" for 429, …) with a Retry-After header when RetryAfter is
// set. A fault with only a Latency lets the request through afterwards.
// Times > 0 limits a fault to that many requests. InjectFault returns a
// function that removes the fault; ClearFaults removes them all. Over the
// admin API a fault is {"method", "path", "status", "errors",
// "retry_after", "latency", "drop", "times"}: keys match without regard to
// case or underscores, latency is a Go duration ("250ms") or nanoseconds,
// and a fault needs a status (100–599), a latency or drop.
//
// Request log. Requests returns the last MaxRecordedRequests (1000) requests
// the API handler received, oldest first, refused and faulted ones and JWKS
// requests included: method, decoded path, raw query, headers, body (at most
// 1 MiB) and the emulator's time. RequestCount counts every request since the
// start or ResetRequests. GET /_emulator/requests answers the same, each
// request as {method, path, raw_query, header, body, time}.
//
// Clock. The Clock (by default the wall clock) stamps every time the emulator
// answers and decides every expiry: sessions, login tokens, one-time tokens,
// login-URL states, OAuth2 codes, invitations, memberships, TOTP steps and
// the default window of the event list. A ManualClock moves only when told
// (Advance, either way, or Set). AdvanceClock moves any Clock forward, never
// back; it is what POST /_emulator/clock does (a positive Go duration).
// Expired things are dropped when a call next looks at them.
//
// API keys. The account starts with one key (APIKey). AddAPIKey issues
// another and RevokeAPIKey revokes any, as AuthRocket's portal does, so that
// a key rotation can be rehearsed. Every valid key sees every realm with
// every permission: there are no realm-locked keys and no permission levels.
// Revoking the last key locks the admin API out as well.
//
// # Order of checks
//
// Each API request goes through these steps; the first that answers wins.
//
//  1. An X-Request-ID header is set (32 random hex digits; AuthRocket
//     documents no such header), the body is read (at most 1 MiB) and the
//     request is recorded.
//  2. The first matching fault applies.
//  3. JWKS requests are answered; they need no API key (see JWT keys below).
//  4. A body that cannot be read is a 400, one over 1 MiB a 413 "Request
//     body too large".
//  5. API key: 403 "Access denied; check your API credentials and
//     permissions" (the SDKs' text).
//  6. Accept: 406 unless it is missing, */*, application/* or lists
//     application/json.
//  7. Route: 404 "Not found" for an unknown path; 405 "Method not allowed",
//     with Allow, for a known path.
//  8. Body: 415 for a type other than JSON or form; 400 "Malformed JSON
//     body" or "Malformed form body".
//  9. Realm, for every endpoint but /v2/realms: 400 "Realm ID is required"
//     when none is named (guess: status and text unknown), 404 for an unknown
//     one. The realm's expired memberships and invitations are then deleted
//     (see each).
//  10. The endpoint: 404 (also for an id of another realm), 409, 422, or its
//     success status.
//
// # Conventions of every endpoint
//
//   - API key in Authrocket-Api-Key, or "Authorization: Bearer <key>" (only
//     Bearer); header names in any case.
//   - Realm: the Authrocket-Realm header, else realm_id in the query, else in
//     the body (top level, then inside the root element), else the realm
//     after the comma in "Bearer ks_…,rl_…" (the comma form comes from one
//     third-party client).
//   - Bodies: JSON, Rails-style form (user[email]=…, k[]=…, k[0]=…), empty,
//     {} or null. A body without Content-Type is read as JSON; a JSON body
//     that is not an object or null is a 400. Writes read the attributes
//     under the root element; without it, leniently, the top level minus
//     "request" and "realm_id". A top-level "request" object is stored on
//     sessions and copied into the events of the call. Attributes the
//     emulator does not model are ignored.
//   - Query strings: k, k[] and k[N] forms. A filter given several values
//     matches any of them; empty values and unknown parameters are ignored.
//     DELETE parameters (force) are read from the query, then the body (top
//     level, then inside the root element).
//   - Paths: each segment is percent-decoded as a path segment ("+" stays
//     "+", "%40" and a raw "@" are "@"); a trailing slash is ignored.
//   - Answers: flat objects with object and a prefixed id; lists as
//     {"collection", "more_results"}; errors as {"errors": [...]}; times as
//     epoch seconds, created_at-like times as floats with milliseconds
//     (1735689600.0) and expires_at as integers.
//   - Statuses: create 201, other successes 200, DELETE 200 with the object
//     as it was (guess: 200 or 204 is unknown); actions as listed per
//     resource (guesses, except authenticate's 201, which a third-party
//     client expects). Never 204 or 215.
//   - Errors: 422 for validation, 409 for a refused state change, 404 for an
//     unknown id. The texts AuthRocket is known to send ("Login failed",
//     "Error al iniciar sesión", "Current password does not match",
//     "Verification failed", "Error validating code") are its; every other
//     text is a Rails-style guess ("Email can't be blank", "Email has already
//     been taken") with rails-i18n Spanish, in a stable order that may not be
//     AuthRocket's. Accept-Language whose first tag is es, es-* or es_* gives
//     Spanish; anything else English (no Japanese: its texts are unknown).
//   - Times in input: epoch seconds (a number or numeric string) or RFC 3339.
//     A time that is not finite or outside the years 0001–9999 is 422
//     "<Attribute> is invalid" ("Expires at is invalid").
//   - Booleans in input: true, "true", "1" and 1 are true, anything else
//     false (guess).
//   - Paging: after, max_results (1–1000, default 100), sort and direction
//     (asc unless stated). A max_results out of range or not an integer, an
//     unknown sort or a direction other than asc or desc is a 422 with an
//     emulator message (guess). Sorts by name or email ignore case; the id
//     breaks ties. An after that names no row: with sort id the rows beyond
//     that id follow; with another sort the page is empty (guess). The
//     filters and sorts of each list are given with its resource; AuthRocket
//     documents those of orgs, memberships and sessions only, so the others
//     are guesses.
//   - Ids: prefix + 9 base36 characters of a per-emulator sequence + 10
//     random characters, so ids of a kind sort in creation order;
//     AuthRocket's are opaque. usr_, org_, mb_, rl_, kss_, crd_, nvt_, ap_,
//     ev_ and ent_ are AuthRocket's prefixes. The others are guesses, as
//     AuthRocket documents none: hk_ (AuthRocket 1's hook prefix), np_, rsl_,
//     mlp_, mls_, smp_, ca_, dom_, jky_, and kss_ for OAuth2 sessions.
//
// # What it owns
//
// Paths are under /v2/; :key is an id or another documented alternate key.
//
//   - Realms (not realm-scoped): GET, POST realms; GET, PUT, DELETE
//     realms/:id; POST realms/:id/reset.
//   - Users: GET, POST users; GET, PUT, DELETE users/:key; POST
//     users/:key/authenticate, users/:key/generate_password_token,
//     users/:key/request_email_verification, users/:key/accept_invitation;
//     PUT users/:key/update_password, users/:key/profile; POST
//     users/authenticate_token, users/reset_password_with_token,
//     users/verify_email.
//   - Orgs: GET, POST orgs; GET, PUT, DELETE orgs/:id.
//   - Memberships: GET, POST memberships; GET, PUT, DELETE memberships/:id.
//   - Sessions: GET, POST sessions; GET, DELETE sessions/:key.
//   - OAuth2 sessions: POST sessions/oauth2; GET sessions/oauth2/:id; POST
//     sessions/oauth2/code.
//   - Credentials: POST credentials; GET, PUT, DELETE credentials/:id; POST
//     credentials/:id/verify. No list.
//   - Auth providers: GET, POST auth_providers; GET, PUT, DELETE
//     auth_providers/:key; GET, POST auth_providers/authorize and
//     auth_providers/:key/authorize.
//   - Invitations: GET, POST invitations; GET, PUT, DELETE invitations/:id;
//     POST invitations/:id/invite.
//   - Tokens (tpw:, tve:, tmf:): in answers only.
//   - Events: GET events, events/:id, with their notifications.
//   - Hooks, mailing-list providers, mailing-list subscriptions, SMTP
//     providers: GET, POST <resource>; GET, PUT, DELETE <resource>/:id.
//   - Named permissions, resource links: POST <resource>; GET, PUT, DELETE
//     <resource>/:id. No list: GET realms/:id embeds them.
//   - Client apps: GET, POST client_apps; GET, PUT, DELETE client_apps/:id.
//   - Domains: GET, POST domains; GET, PUT, DELETE domains/:id; POST
//     domains/:id/verify.
//   - JWT keys: GET, POST jwt_keys; GET, DELETE jwt_keys/:id. No update.
//   - LoginRocket: only the JWKS, GET (or HEAD) /connect/jwks for a domain's
//     host and /_loginrocket/<fqdn>/connect/jwks.
//
// Not modelled: the rest of LoginRocket's API and its hosted pages; sending
// email or webhooks; calls to social providers, mailing-list services or SMTP
// servers; plan limits and billing (402); rate limiting (429 comes only from
// faults); the Authrocket-Service credential (what it does is undocumented).
//
// # Realms
//
//   - Attributes: name (required); state active (default) or inactive;
//     jwt_algo rs256 (default) or hs256, in any case; jwt_scopes, a string of
//     scopes separated by spaces or commas (an array is joined); jwt_minutes,
//     default 60 (guess), and session_minutes, default 360 (AuthRocket 1's
//     default), both integers > 0; org_mode single_user (default, guess) or
//     multi_user, stored only. Read only: jwt_key, the PEM public key (SPKI)
//     or the jsk_ secret of the newest JWT key of jwt_algo; created_at.
//     AuthRocket's other realm attributes (branding, locales, signup and the
//     like) are not modelled.
//   - A new realm has the two default auth providers and one rs256 and one
//     hs256 JWT key. GET realms/:id embeds named_permissions and
//     resource_links. The list has every realm; filter state; sort id
//     (default) or name.
//   - state in the query of GET, PUT, DELETE and reset of realms/:id
//     restricts the lookup: a deleted realm is found unless state=active is
//     passed.
//   - DELETE is soft: the realm becomes inactive (inferred from the SDKs'
//     tests). An inactive realm still serves realm-scoped calls (guess).
//   - POST realms/:id/reset (body ignored) deletes everything in the realm
//     except its JWT keys, client apps and domains: users and their
//     credentials, orgs, memberships, sessions, OAuth2 sessions, one-time
//     tokens, login-URL states, invitations, the event log, hooks, named
//     permissions, resource links, mailing-list providers and subscriptions,
//     SMTP providers and auth providers. It then re-creates the two default
//     auth providers, with new ids, and answers 200 with the realm, whose own
//     attributes are kept. What AuthRocket's reset wipes is not documented:
//     this rule is a guess.
//
// # Users
//
//   - Attributes: email (required; trimmed, lowercased, of the shape a@b.c,
//     unique in the realm); email_pending (lowercased, same shape); username
//     (unique without regard to case); first_name, last_name, locale,
//     reference; state active (default) or inactive; email_verification none
//     (default), requested or verified; custom (scalars or arrays of scalars;
//     replaced whole on update); password and password_confirmation, never
//     answered. Read only: name, "first_name last_name" trimmed, else the
//     email (guess: AuthRocket documents only that it is always filled);
//     created_at; last_login_at. Blank strings are stored as null;
//     keep_sessions is ignored.
//   - Passwords: a user may have none. A new password must satisfy the
//     realm's password provider: min_length and required_chars ("Password is
//     too short (minimum is 8 characters)", "Password must include a
//     number"); min_complexity is not scored (guess: AuthRocket uses zxcvbn);
//     without a password provider, 8 characters. password_confirmation is
//     checked only when sent. A password of "" means no change.
//   - :key is the id, else the email when it contains "@", else the username,
//     both without regard to case.
//   - Single-object answers embed credentials; list rows do not. List filters
//     email, username (both ignoring case), reference, state; sort id
//     (default), email or created_at.
//   - PUT users/:key changes what is sent (user.updated). PUT
//     users/:key/profile takes only email, first_name, last_name, password,
//     password_confirmation and username, with no current password
//     (user.profile.updated). PUT users/:key/update_password: a missing or
//     wrong current_password is 422 "Current password does not match", then a
//     blank password "Password can't be blank", then the password rules
//     (user.password.updated). All answer 200 with the user.
//   - No user.email.* event comes from writing email, email_pending or
//     email_verification, although AuthRocket documents that email_pending
//     fires user.email.updating and email_verification requested on create
//     user.email.verifying; the emulator never records user.email.updating.
//   - DELETE is a hard delete (inferred) that also removes the user's
//     memberships, sessions, one-time tokens and mailing-list subscriptions,
//     recording only user.deleted.
//   - POST users/:key/authenticate {user: {password}}: 201 with a session
//     (the status a third-party client expects) or, for a user with a second
//     factor, 201 with a tmf: token (see Credentials and MFA). 422 "Login
//     failed" for a wrong or missing password, a user without one, an
//     inactive user, or an inactive or deleted password provider, recording
//     user.login.failed; 404 for an unknown user. Every login (authenticate,
//     authenticate_token, reset_password_with_token, social logins) sets
//     last_login_at and records user.login.succeeded with the session_id.
//
// # Orgs and memberships
//
//   - Org attributes: name (required), state active (default) or inactive on
//     write, reference, custom. Single-object answers have custom; list rows
//     only with expand=custom. List filters reference, state; sort name
//     (default) or id. Closed orgs stay listed (undocumented; inferred).
//   - DELETE orgs/:id closes the org (state closed) and answers 200 with it;
//     with force=true it deletes the org and its memberships. Every DELETE
//     records org.closed, forced or not, even for a closed org (guess). PUT
//     on a closed org is 409 "Org is closed" (guess).
//   - Membership attributes: user_id and org_id, required on create and
//     ignored on update ("User can't be blank", "User not found", "Org can't
//     be blank", "Org not found"), one membership per pair ("User has already
//     been taken"); permissions, an array or one string, [] when new, each
//     matching [a-z0-9*:;._-]+ in any case, at most 62 characters, at most
//     20, ar: reserved except ar:owner and ar:admin; selected; expires_at.
//     Closed orgs accept new memberships (guess).
//   - A membership whose expires_at has passed is deleted before the next
//     realm-scoped call.
//   - List filters org_id, user_id; sort id. With org_id alone each row
//     embeds its user, with user_id alone its org. Events:
//     membership.created, .updated, .deleted; DELETE answers the membership.
//
// # Sessions and login tokens
//
//   - POST sessions {session: {user_id}}: user_id must be a user's id (not an
//     email): "User can't be blank", "User not found"; an inactive user is
//     422 "User is inactive" (guess; also for POST sessions/oauth2 and the
//     code exchange). 201 with the session and its token. It records no event
//     and leaves last_login_at alone.
//   - A session has id kss_, user_id, client_app_id (null unless made by an
//     OAuth2 exchange), created_at, expires_at (created_at + session_minutes,
//     inferred), token and request (null when the call had none).
//   - GET sessions/:key takes the kss_ id or the token and answers the token
//     too (guess: AuthRocket documents it on create only). List rows leave it
//     out; filter user_id; sort id. An expired session is a 404 and is not
//     listed; expired sessions are deleted before the realm's next call.
//   - DELETE answers 200 with the session, without its token, and records
//     session.deleted (inferred).
//   - Login tokens: JWTs signed RS256 or HS256, as the realm's jwt_algo says,
//     with the newest JWT key of that algorithm, whose id is the kid of the
//     header for both algorithms (a guess for HS256). Claims: iss
//     "https://authrocket.com", sub, sid, rid, iat, exp (iat + jwt_minutes),
//     name, email and email_verified (true only for verified) always;
//     given_name, family_name, preferred_username, locale, ref when set; cs
//     when custom is not empty; orgs only when jwt_scopes has ar.orgs. Which
//     claims each scope brings is a guess. orgs holds the user's memberships
//     of orgs that are not closed, in membership id order, as {oid, mid,
//     name, perm, selected, ref and cs when set}; exactly one is selected,
//     the first with selected true, else the first (guess; LoginRocket's
//     tokens hold one org). A token does not change once issued. There is no
//     aud (but see OAuth2 id_token), jti, nonce or auth_time.
//
// # Credentials and MFA
//
//   - Credentials live on their user, embedded as {id, object, user_id,
//     credential_type, state, created_at, and name, auth_provider_id,
//     provider_user_id when set}. The credentials endpoints answer the same,
//     plus otp_secret, provisioning_uri and provisioning_svg while a TOTP
//     credential's state is new. Create 201; verify and the others 200;
//     DELETE works even on a user's only password.
//   - Create needs user_id ("User can't be blank", "User not found") and
//     credential_type: password, totp or a social type ("Credential type is
//     not included in the list").
//   - password: one per user ("Credential type has already been taken"); the
//     password is required and checked as a user's. Update changes the
//     password (blank keeps it).
//   - totp: name required; the realm's totp provider, or auth_provider_id
//     naming a totp provider ("Auth provider is invalid" otherwise), must be
//     active ("Auth provider is not active"). state is new until verified.
//     otp_secret is 20 random bytes in unpadded base32; provisioning_uri is
//     otpauth://totp/<realm name>:<email>?secret=…&issuer=<realm
//     name>&algorithm=SHA1&digits=6&period=30 and provisioning_svg a QR code
//     of it. Update changes only name.
//   - Social types (facebook, github, google, linkedin, slack, yahoo,
//     oauth2): auth_provider_id, by default the realm's provider of that
//     type, must be a provider of that type; provider_user_id is required. A
//     pair (auth_provider_id, provider_user_id) that another user's
//     credential has is 422 "Provider user has already been taken".
//   - POST credentials/:id/verify {credential: {code}}: TOTP is RFC 6238
//     (HMAC-SHA-1, 6 digits, 30-second steps) on the emulator's clock; the
//     code of the current step or of one step either side makes the
//     credential active, any number of times (no replay check, guess). A
//     wrong code, or verify of a credential that is not TOTP, is 422
//     "Verification failed".
//   - A login needs a second factor when the user has an active TOTP
//     credential and the realm's totp provider is active. authenticate and
//     reset_password_with_token then answer 201 {object "token", token
//     "tmf:…", user_id} and record user.login.initiated with the token and
//     its expiry, 15 minutes on (guess). POST users/authenticate_token {user:
//     {token, code}} answers 201 with the session for a live token and a
//     current code of any of the user's active TOTP credentials; only success
//     uses the token up. An unknown, used or expired token is 422 "Token is
//     invalid or has expired" (guess); a wrong code or an inactive user 422
//     "Login failed" with user.login.failed. Social logins never ask for a
//     second factor (guess).
//
// # Auth providers and social logins
//
//   - A realm starts with "password" (active, min_length 8, min_complexity 0,
//     required_chars []) then "totp" (inactive), in id order, named
//     "Password" and "Authenticator app" (guess). Types: password, totp,
//     facebook, github, google, linkedin, slack, yahoo, oauth2; one provider
//     per type except oauth2 ("Provider type has already been taken", guess).
//     A new provider is active, except totp.
//   - Attributes: name (a default per type; blank keeps it); state active or
//     inactive; for password, min_length (> 0), min_complexity (0–4, stored
//     only) and required_chars (lowercase, uppercase, number, symbol: values
//     guessed; a symbol is anything not a letter or digit); for social and
//     oauth2 providers, client_id and client_secret (required), scopes,
//     loginrocket_domain, and for oauth2 also authorization_url (required),
//     token_url, profile_url (http(s) URLs), id_field, email_field,
//     email_verified_field, first_name_field, last_name_field, name_field.
//     client_secret is stored and never answered (guess). Attributes that do
//     not apply to a type are null on read and ignored on write;
//     provider_type cannot change.
//   - :key is the id or the provider type, which names the oldest provider of
//     that type. List filters provider_type, state; sort id (default) or
//     name. DELETE answers the provider; credentials naming it stay and its
//     login URLs stop working. Without an active password provider every
//     authenticate is "Login failed"; without an active totp provider nobody
//     needs a second factor.
//   - Login URLs, GET auth_providers/authorize and
//     auth_providers/:key/authorize with redirect_uri (required, an http(s)
//     URL) and nonce: a collection of one entry per active social or oauth2
//     provider in id order (not paged; more_results false), or the provider's
//     entry. An entry is {id, provider_type, auth_url}, as in AuthRocket's
//     documentation. auth_url is the provider's real authorization endpoint
//     (for oauth2, its authorization_url) with client_id, redirect_uri,
//     response_type=code, scope (when scopes is set), state and nonce (when
//     sent); each URL records a fresh state for 30 minutes. A password, totp
//     or inactive provider is 422 "Auth provider is not an active social or
//     OAuth2 provider".
//   - Logins call no provider. By the emulator's convention the code (POST
//     auth_providers/authorize {code, state, nonce}) or access token (POST
//     auth_providers/:key/authorize {access_token}) "emulator:<email>" is
//     valid and names that email. A code needs a known, unexpired state whose
//     provider is still an active social or oauth2 provider, and the login
//     URL's nonce when one is sent; otherwise 422 "Error validating code",
//     with a retry_url (a fresh login URL) when the state is known. Only a
//     successful login uses the state up. Any other access token is 422
//     "Error validating access token" (guess). The user is the first, in id
//     order, with that provider's credential for provider_user_id <email>;
//     else the realm's user with that email, who gains the credential; else a
//     new active user with email_verification verified (user.created), who
//     gains it. An inactive user is 422 "Login failed" with
//     user.login.failed. Success is 201 with a session and
//     user.login.succeeded with the auth_provider_id.
//
// # One-time tokens
//
//   - tpw: and tve: tokens are the prefix + 40 random lowercase letters and
//     digits, answered as {object "token", token, user_id}. POST
//     users/:key/generate_password_token (user.password.resetting) and POST
//     users/:key/request_email_verification (user.email.verifying) take no
//     body and answer 200; both events carry the token and its expiry. A tpw:
//     token lasts 1 hour, a tve: token 24 hours (guesses). Each is single
//     use, works only in its realm and dies with its user; a new token does
//     not revoke older ones (guess). A missing token is 422 "Token can't be
//     blank"; an unknown, used, expired or wrong-kind one "Token is invalid"
//     (guesses).
//   - POST users/reset_password_with_token {user: {token, password,
//     password_confirmation}} checks the token, then that the user is active
//     (422 "Login failed", nothing changes, no event), then "Password can't
//     be blank" and the password rules; a failure leaves the token usable.
//     Success uses the token up, records user.password.updated and logs the
//     user in as authenticate does: 201 with a session or a tmf: token.
//   - request_email_verification sets email_verification to requested (even
//     over verified) and binds the tve: token to the pending email if there
//     is one, else to the email. POST users/verify_email {user: {token}}
//     refuses the token once that address is no longer the user's ("Token is
//     invalid"), or when the pending email was taken meanwhile ("Email has
//     already been taken"); otherwise the pending email becomes the email,
//     email_verification becomes verified (user.email.verified) and it
//     answers 200 with the user. tue: tokens (which AuthRocket also accepts
//     here) are never issued, so never accepted.
//
// # Invitations
//
//   - Attributes: invitation_type org, preverify, referral or request
//     (required; fixed on create, ignored on update); email (required,
//     lowercased, shaped a@b.c, not unique); for org, org_id (required, an
//     org of the realm) and permissions (the membership rules); for
//     preverify, auth_provider_id (an auth provider of the realm; 422
//     otherwise); inviting_user_id (a user of the realm, "Inviting user not
//     found"; required for referral, a guess; dropped for request); locale
//     (default "en": AuthRocket's is the realm's default locale, which realms
//     here do not have); expires_at (default created_at + 30 days; writable).
//     Attributes that do not apply to the type are dropped. Read only: token,
//     32 random lowercase letters and digits (not the id), only in the create
//     answer; created_at; invited_at.
//   - List filters org_id, invitation_type, email, inviting_user_id; sort id
//     (default), email or created_at. Create 201, invitation.<type>.created;
//     PUT 200, .updated; DELETE 200 with the invitation, no event. POST
//     invitations/:id/invite {invitation: {}} answers 200, sets invited_at
//     each time and records .invited; nothing is sent. .created and .invited
//     carry the token and expires_at.
//   - An invitation whose expires_at has passed is deleted before the next
//     realm-scoped call, recording invitation.<type>.expired at that call's
//     time.
//   - POST users/:key/accept_invitation {user: {token}}: any user of the
//     realm may accept, whatever email the invitation went to; a missing
//     token is 422 "Token can't be blank", an unknown one (expired or
//     accepted included) "Token is invalid". An org invitation creates the
//     membership with its permissions (membership.created) unless the user
//     already is a member (that membership stays as it is), and is 422 "Org
//     not found" if the org is gone. A preverify invitation verifies the
//     user's email when it equals the invitation's (no user.email.verified).
//     The invitation is then deleted (guess: not kept with a state) and
//     invitation.<type>.accepted recorded; it answers 200 with the user.
//   - Invitation events have invitation_id, org_id for org invitations, and
//     user_id: the inviting user, or for .accepted the accepting user.
//
// # Events and notifications
//
//   - Recorded: user.created (POST users, a social login that makes a user),
//     user.updated, user.profile.updated, user.password.updated
//     (update_password, reset_password_with_token), user.password.resetting,
//     user.email.verifying, user.email.verified, user.deleted,
//     user.login.succeeded, user.login.failed, user.login.initiated,
//     org.created, org.updated, org.closed, membership.created (POST
//     memberships, accept_invitation), membership.updated, membership.deleted
//     (DELETE memberships), session.deleted and invitation.<type>.{created,
//     updated, invited, accepted, expired}. Refused calls record nothing,
//     except failed logins. Nothing else records an event: not
//     user.email.updating, cascading deletes, credentials, auth providers,
//     invitation deletes, nor the realm's configuration (hooks and the
//     resources after them, client apps, domains, JWT keys).
//   - An event has id ev_, object, event_type, event_at (the call's time),
//     realm_id, the ids of what it is about (user_id, org_id, membership_id,
//     invitation_id, auth_provider_id, session_id; the others are left out),
//     token and expires_at where said above (always: AuthRocket shows token
//     to keys with write permission, which every key here has), and request:
//     the call's request object, or null. Events the emulator records on its
//     own rather than for the call at hand (those of expiries, such as
//     invitation.<type>.expired) carry no request.
//   - GET events/:id embeds notifications; a list does with
//     expand=notifications. List filters: each <resource>_id above;
//     event_type, a left-anchored prefix, any of several; created_at_after
//     (epoch seconds or RFC 3339; default 30 days ago; empty clears it; 422
//     "Created at after is invalid" otherwise). Sort id, direction desc by
//     default. These are AuthRocket 1's documented defaults, applied to
//     AuthRocket 2 as a guess. A realm keeps its last 10,000 events;
//     AuthRocket keeps a window that depends on the plan.
//   - Notifications: one per active hook of the event's type, in hook id
//     order, id ent_. Nothing is ever sent, retried or pinged: a webhook's
//     notification stays in_progress with 0 attempts; an email or
//     mailing_list hook's is completed at once, with 1 attempt at the event's
//     time, last_destination the list_id (mailing_list), else email_to, else
//     the event user's email, and last_result "emulated: nothing was sent".
//     Past events keep the notifications of deleted hooks.
//
// # Hooks and other realm configuration
//
// These resources have id, object, realm_id (not subscriptions) and
// created_at (guess: AuthRocket does not document it); create answers 201,
// the rest 200, DELETE with the object; they record no events and a reset
// deletes them.
//
//   - Hooks: event_type, one of AuthRocket's 39 event types, and hook_type
//     are required; hook_type webhook, email, or mailing_list (guess: the
//     type of the hooks that mailing-list subscriptions name); state active
//     (default) or inactive. A webhook needs an http(s) destination; an email
//     hook an event type of email_event_types ("Event type is not available
//     for email hooks") and, if set, an email_to address; a mailing_list hook
//     a mailing_list_provider_id of the realm and a list_id (one of the
//     provider's valid_list_ids when it has any). A hook is checked as a
//     whole on create and update. delay is an integer >= 0; accumulate,
//     on_create and visibility (types undocumented) take any scalar;
//     email_subjects, email_templates and email_renderers are hashes; locales
//     an array; current_locales (read only) are the keys of email_subjects
//     and email_templates; name, description. List filters event_type,
//     hook_type, state; sort id. DELETE also deletes the hook's
//     subscriptions.
//   - Named permissions: name and permission required; permission follows the
//     membership rules and is unique in the realm ("Permission has already
//     been taken"); auto_grant is stored, and new memberships do not get the
//     permission from it.
//   - Resource links: title, link_url (http or https) and resource_type
//     (user, org or membership: values guessed) required.
//   - Mailing-list providers: provider_name and provider_type (lowercase
//     letters, digits and "_", guess) required; state active or inactive;
//     api_endpoint an http(s) URL; provider_account; valid_list_ids. Never
//     called. Deleting one that a hook uses is 409 "Mailing list provider is
//     in use by a hook" (guess). List filters state, provider_type; sort id.
//   - Mailing-list subscriptions: user_id and hook_id (a mailing_list hook)
//     required, one per user and hook ("User has already been taken");
//     list_state subscribed (default), unsubscribed or pending (values
//     guessed); only list_state changes on update. A subscription whose user
//     or hook is gone is deleted. List filters user_id, hook_id, list_state;
//     sort id.
//   - SMTP providers: provider_name, provider_type (as above) and an
//     email_from address required; smtp_host required when provider_type is
//     "smtp"; smtp_port 1–65535; email_from_name, smtp_user. smtp_password is
//     write only: stored, never answered; a blank one keeps the old. The
//     server is never contacted. List filter state; sort id.
//
// # Client apps and OAuth2 sessions
//
//   - Client apps: client_type standard or oauth2 (required, fixed after
//     create: "Client type can't be changed"); name and at least one redirect
//     URI (absolute, no fragment; custom schemes allowed) required; state
//     active (default) or inactive. An oauth2 app gets a 48-character secret
//     and defaults allowed_scopes [openid profile email], app_type web and
//     trusted false (guesses); standard apps ignore those attributes and
//     answer them as null, with no secret. The secret cannot be changed; it
//     is in every single-object answer (create, GET, PUT, DELETE), never in
//     list rows (guess). List filters client_type, state; sort id (default)
//     or name. DELETE is a hard delete that also drops the app's unexchanged
//     codes. Reset keeps client apps.
//   - OAuth2 sessions: POST sessions/oauth2 {session: {client_app_id,
//     user_id, redirect_uri}} is the emulator's stand-in for a LoginRocket
//     login to an oauth2 app (guess: only the endpoint's name is known). It
//     answers 201 with a 40-character code valid 10 minutes (guess), for the
//     app's first redirect URI or a given one that is equal or more specific
//     (LoginRocket's rule). POST sessions/oauth2/code {session:
//     {client_app_id, client_app_secret, code}} answers 200 with access_token
//     (the login token of a new session that has the OAuth2 session's id and
//     client_app_id), id_token (the same claims plus aud, the app's id),
//     token_type Bearer, expires_in and expires_at (the token's exp), and
//     profile (sub, name, given_name, family_name, preferred_username, email,
//     email_verified, locale of the token); the code is then spent. It
//     records no event. Failures are 422: blanks; "Client app not found",
//     "Client app is not an OAuth2 app", "Client app is inactive"; "Client
//     app secret is invalid", checked before the code; "Code is invalid"
//     (unknown, spent, expired or another app's). All three endpoints answer
//     object "oauth2_session" (inferred; the Ruby SDK calls the exchange's
//     answer a Token). GET sessions/oauth2/:id shows the code until the
//     exchange, then the tokens; it is a 404 once the code expired
//     unexchanged or the session ended. Such OAuth2 sessions are swept.
//
// # Domains, JWT keys and the JWKS
//
//   - Domains: domain_type loginrocket or custom (the latter a guess), fixed
//     after create ("Domain type can't be changed"). A loginrocket domain's
//     fqdn is <subdomain>.loginrocket.localhost (AuthRocket's is
//     <subdomain>.<cluster>.loginrocket.com; the emulator's stays on the
//     loopback); subdomain, a DNS label, is random (10 characters) when not
//     given, and the domain is verified and its certificate issued at once. A
//     custom domain names a host in domain and starts with dns_state and
//     cert_state "pending" (again when the host changes); POST
//     domains/:id/verify, which always succeeds, makes them "verified" and
//     "issued" (values guessed). fqdns are unique across the emulator
//     ("Subdomain has already been taken", "Domain has already been taken").
//     uri is where this emulator serves the domain (the scheme and Host of
//     the request + /_loginrocket/<fqdn>), usable as LOGINROCKET_URL;
//     AuthRocket's is presumably https://<fqdn>. flags is always []. List
//     filters domain_type, state; sort id. DELETE is a hard delete. Reset
//     keeps domains.
//   - JWT keys: a new realm has one rs256 and one hs256 key (guess). POST
//     jwt_keys {jwt_key: {algo, use}} generates a key (algo rs256 or hs256,
//     required; use only "sign"; a key sent in the body is ignored). It signs
//     the realm's new tokens if its algo is the realm's jwt_algo; older keys
//     keep verifying until deleted. flags is ["current"] on the newest key of
//     each algorithm, [] otherwise. key is the PEM public key (SPKI,
//     RSA-2048) or the jsk_ secret; short_key is the PEM body without armor
//     or the secret (inferred). The list has no filters; sort id, newest
//     first by default (guess: the documented desc default is for AuthRocket
//     1's events). DELETE is a hard delete answering the key (its flags []);
//     tokens it signed stop verifying. Deleting the realm's last key of an
//     algorithm is 409 "Cannot delete the realm's last rs256 key" (guess).
//     Reset keeps JWT keys.
//   - JWKS: every rs256 key of the realm, oldest first, as {kty RSA, kid, use
//     sig, alg RS256, n, e, x5c: [base64 DER SPKI]}, with
//     Access-Control-Allow-Origin: *; a new realm's has one key. Served, with
//     no API key, at GET or HEAD /connect/jwks when the Host is the fqdn of
//     an active domain whose DNS is verified, and at
//     /_loginrocket/<fqdn>/connect/jwks; another method is 405, an unknown or
//     unserved host or another path a 404. The realm's state does not matter.
package emulator
