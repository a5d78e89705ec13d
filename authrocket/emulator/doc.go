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
// update_password, profile, generate_password_token,
// reset_password_with_token, request_email_verification, verify_email,
// accept_invitation), orgs (CRUD, soft close and forced delete),
// memberships (CRUD, embedding), sessions (list, get by id or by JWT,
// create, delete) with real RS256/HS256 JWTs, one-time tokens (tpw:, tve:;
// tokens.go) and invitations (CRUD, invite, expiry). Actions record their
// events (events.go) in the realm's event log.
// Each realm has its own RSA-2048 key pair (made on first use), a kid and
// a jsk_ secret. The request conventions of authrocket-api.md §2 (API key
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
//   - Scope: only realms, users, orgs, memberships, sessions, invitations
//     and tpw:/tve: tokens. No auth providers, credentials endpoints, events
//     endpoints, hooks, JWKS, LoginRocket or MFA (tmf:) yet.
//   - Realm-scoped call without any realm: 400 "Realm ID is required"; the
//     real status and text are unknown (§8 item 2, §9). Unknown realm: 404.
//   - Realm precedence: Authrocket-Realm header, then realm_id in the
//     query, then realm_id in the body (top level, then inside the root
//     element), then the realm after the comma in "Bearer ks_…,rl_…" (§2.1;
//     the comma form is from one third-party client, §9 item 4).
//   - Writes without the root element are accepted: the top-level object
//     minus "request" and "realm_id" is used as the attributes (lenient;
//     AuthRocket probably ignores such attributes). The "request" object is
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
//     RS256 and HS256 headers both carry the realm's kid.
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
//     public key or the jsk_ secret (§6.1); jwt_minutes 60, session_minutes
//     360 and org_mode single_user by default. DELETE makes the realm
//     inactive (still listed and readable; ?state=active hides it); reset
//     empties it and keeps its settings and keys. Other realm attributes
//     and the default auth providers (§4.1) are not modelled yet.
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
//     last_login_at and answers 201 with a session; it would answer 200
//     with a tmf: token (10 minutes) when user.needsMFA, which is false
//     until MFA is modelled.
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
//   - Booleans in parameters accept true, "true", "1" and 1; anything else
//     is false.
//   - Faults are matched on the decoded path (r.URL.Path). Latency always
//     waits in real time, whatever the Clock. The X-Request-ID header is
//     the emulator's own random 32 hex digits (AuthRocket's format is not
//     documented, §9 item 3). No rate limiting except by injected faults.
//   - Recorded requests (Requests) include every request to the API
//     handler, even refused ones; admin API calls are not recorded.
package emulator
