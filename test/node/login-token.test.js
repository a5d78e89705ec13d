// Login tokens of sessions made through the gateway's REST facade, verified
// locally the way the SDKs do (login-token.js): RS256 with the realm's public
// key, HS256 with the realm's jsk_ secret, and the attacks the pinning stops.
// The keys come from AuthRocket (here the emulator) as an operator would
// configure them; facade-keys.test.js takes them from the gateway instead. e2e/node_test.go sets
// AUTHROCKET_JWT_KEY (the default realm's RS256 public key),
// AUTHROCKET_HS256_REALM and AUTHROCKET_HS256_JWT_KEY (an hs256 realm with
// jwt_scopes ar.orgs) and LOGINROCKET_URL (the default realm's JWKS host).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { AuthRocket } from './authrocket-client.js';
import { fromToken, ISSUER } from './login-token.js';

const { AUTHROCKET_JWT_KEY: rsKey, AUTHROCKET_HS256_REALM: hsRealm, AUTHROCKET_HS256_JWT_KEY: hsKey, LOGINROCKET_URL: loginrocketUrl } = process.env;
if (!rsKey || !hsRealm || !hsKey || !loginrocketUrl) throw new Error('set AUTHROCKET_JWT_KEY, AUTHROCKET_HS256_REALM, AUTHROCKET_HS256_JWT_KEY and LOGINROCKET_URL');

const suffix = () => randomUUID().slice(0, 8);
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decode = (token) => token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url')));

// hs256 signs claims with secret, as an attacker holding secret would.
function hs256(header, claims, secret) {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('RS256 realm (the default realm)', () => {
  const ar = AuthRocket.fromEnv();

  test("a session's token verifies with the realm's public key to the same user", async () => {
    const ref = `ref-${suffix()}`;
    const user = await ar.users.create({
      email: `jwt+${suffix()}@example.com`, first_name: 'Ada', last_name: 'Lovelace', username: `ada${suffix()}`, reference: ref,
    });
    const session = await ar.sessions.create({ user_id: user.id });
    const [header] = decode(session.token);
    assert.equal(header.alg, 'RS256');
    assert.match(header.kid, /\S/, 'RS256 tokens carry a kid');

    const got = await fromToken(session.token, { jwtKey: rsKey });
    assert.ok(got, 'the token verifies');
    assert.equal(got.id, session.id);
    assert.equal(got.user_id, user.id);
    assert.equal(got.expires_at >= got.created_at, true);
    assert.equal(got.user.email, user.email);
    assert.equal(got.user.name, 'Ada Lovelace');
    assert.equal(got.user.first_name, 'Ada');
    assert.equal(got.user.username, user.username);
    assert.equal(got.user.reference, ref);
    assert.equal(got.user.realm_id, user.realm_id);
    assert.deepEqual(got.user.memberships, [], 'no ar.orgs scope: no orgs claim');

    // With no key but LOGINROCKET_URL, the SDKs fetch the realm's JWKS and
    // pick the key by kid.
    assert.equal((await fromToken(session.token, { loginrocketUrl }))?.id, session.id, 'verifies from the JWKS');

    // The bare base64 body of the PEM works too.
    const bare = rsKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    assert.equal((await fromToken(session.token, { jwtKey: bare }))?.id, session.id);
  });

  test('tampered, re-signed or alg-confused tokens do not verify', async () => {
    const user = await ar.users.create({ email: `jwt+${suffix()}@example.com` });
    const { token } = await ar.sessions.create({ user_id: user.id });
    const [header, claims] = decode(token);
    const [h, , sig] = token.split('.');

    // Another user's id with the original signature.
    assert.equal(await fromToken(`${h}.${b64({ ...claims, sub: 'usr_someoneelse' })}.${sig}`, { jwtKey: rsKey }), null);
    // alg none, with and without a signature.
    const none = `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;
    assert.equal(await fromToken(none, { jwtKey: rsKey }), null);
    // HS256 signed with the RSA public key as the HMAC secret: the key pins RS256.
    assert.equal(await fromToken(hs256({ ...header, alg: 'HS256' }, claims, rsKey), { jwtKey: rsKey }), null);
    // Expiry is checked with 5 s leeway.
    assert.ok(await fromToken(token, { jwtKey: rsKey, now: claims.exp + 4 }), 'within the leeway');
    assert.equal(await fromToken(token, { jwtKey: rsKey, now: claims.exp + 6 }), null, 'expired');
    // Garbage.
    for (const bad of ['', 'blahblah', 'a.b.c', `${h}.${b64('not json')}.${sig}`]) {
      assert.equal(await fromToken(bad, { jwtKey: rsKey }), null, JSON.stringify(bad));
    }
    // The HS256 secret of another realm does not verify an RS256 token.
    assert.equal(await fromToken(token, { jwtKey: hsKey }), null);
  });
});

describe('HS256 realm with ar.orgs', () => {
  const ar = AuthRocket.fromEnv({ realm: hsRealm });

  test("a session's token verifies with the jsk_ secret and carries the memberships", async () => {
    assert.match(hsKey, /^jsk_/);
    const user = await ar.users.create({ email: `hs+${suffix()}@example.com`, first_name: 'Grace' });
    const org = await ar.orgs.create({ name: `Org ${suffix()}`, reference: 'acme-1' });
    const mb = await ar.memberships.create({ user_id: user.id, org_id: org.id, permissions: ['ar:admin', 'billing'] });
    const session = await ar.sessions.create({ user_id: user.id });
    const [header, claims] = decode(session.token);
    assert.equal(header.alg, 'HS256');
    assert.equal(claims.iss, ISSUER);
    assert.equal(claims.rid, hsRealm);

    const got = await fromToken(session.token, { jwtKey: hsKey });
    assert.ok(got, 'the token verifies');
    assert.equal(got.id, session.id);
    assert.equal(got.user.first_name, 'Grace');
    assert.equal(got.user.memberships.length, 1);
    const [m] = got.user.memberships;
    assert.equal(m.id, mb.id);
    assert.equal(m.org.id, org.id);
    assert.equal(m.org.name, org.name);
    assert.equal(m.org.reference, 'acme-1');
    assert.deepEqual(m.permissions, ['ar:admin', 'billing']);
    assert.equal(m.selected, true, 'exactly one org is selected');
  });

  test('a token signed with another secret or carrying changed claims does not verify', async () => {
    const user = await ar.users.create({ email: `hs+${suffix()}@example.com` });
    const { token } = await ar.sessions.create({ user_id: user.id });
    const [header, claims] = decode(token);
    assert.equal(await fromToken(token, { jwtKey: 'jsk_notTheRealmSecret' }), null);
    assert.equal(await fromToken(hs256(header, { ...claims, sub: 'usr_other' }, 'jsk_guess'), { jwtKey: hsKey }), null);
    // An RS256 key does not verify an HS256 token (the key pins the algorithm).
    assert.equal(await fromToken(token, { jwtKey: rsKey }), null);
    // Re-signing with the real secret shows the check above is about the signature.
    assert.ok(await fromToken(hs256(header, claims, hsKey), { jwtKey: hsKey }));
    // A well-signed token from another issuer does not verify.
    assert.equal(await fromToken(hs256(header, { ...claims, iss: 'https://example.com' }, hsKey), { jwtKey: hsKey }), null);
  });
});
