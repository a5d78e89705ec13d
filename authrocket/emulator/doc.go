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
// Order of checks for each request: record it; apply a matching fault;
// API key (403); Accept (406); route (404, 405); body (415, 400); realm
// (400, 404) for realm-scoped endpoints; then the endpoint (404, 409, 422).
//
// # Fidelity
//
// Where the emulator knowingly differs from AuthRocket, or had to guess:
//
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
//     accepted and stored only on sessions (there are no events yet).
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
//     whole on update. A password of "" means "no change". The password
//     rule is only "minimum 8 characters" (the default password provider,
//     §4.1); password_confirmation is checked only when sent with a
//     password. A user without a password has an empty credentials array.
//     Lookup in paths: exact id, else email when the key contains "@",
//     else username.
//   - DELETE /v2/users/:id is a hard delete (§4.2, inferred) that also
//     removes the user's memberships and sessions, and answers 200 with
//     the deleted user (the real body is not known; §9 item 2).
//   - authenticate: 201 with the session (§4.2, PY3P); 422 "Login failed"
//     for a wrong password, for a user without a password and for an
//     inactive user; 404 for an unknown user. Session expires_at =
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
