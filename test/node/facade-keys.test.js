// The login-token path through the facade alone, for a realm that is not
// the default one: the keys an SDK verifies with come from the gateway,
// not from AuthRocket. RS256: the realm's jwt_key, a JWT key's key and
// short_key, and the realm's JWKS at <gateway>/_realms/<realm> (an SDK's
// LOGINROCKET_URL). HS256: the realm's jsk_ secret, withheld from the
// suite's caller and handed to GATEWAY_LEGACY_TOKEN's, whose policy grants
// AUTHROCKET_HS256_REALM's (jwt_secrets). e2e/node_test.go sets them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthRocket } from './authrocket-client.js';
import { fromToken } from './login-token.js';

const { GATEWAY_REST_URL: gatewayUrl, GATEWAY_LEGACY_TOKEN: legacyToken, AUTHROCKET_HS256_REALM: hsRealm, AUTHROCKET_REALM: defaultRealm } = process.env;
if (!gatewayUrl || !legacyToken || !hsRealm || !defaultRealm) throw new Error('set GATEWAY_REST_URL, GATEWAY_LEGACY_TOKEN, AUTHROCKET_HS256_REALM and AUTHROCKET_REALM');

const suffix = () => randomUUID().slice(0, 8);
const algOf = (token) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg;

// sessionIn makes a user and a session in realm through the facade.
async function sessionIn(realm) {
  const ar = AuthRocket.fromEnv({ realm });
  const user = await ar.users.create({ email: `keys+${suffix()}@example.com`, first_name: 'Ada' });
  const session = await ar.sessions.create({ user_id: user.id });
  return { user, session };
}

describe('RS256: a non-default realm, keys from the facade', () => {
  test("the realm's jwt_key, its JWT keys and its JWKS verify its tokens", async () => {
    const realm = await AuthRocket.fromEnv().realms.create({ name: `Node RS ${suffix()}` });
    assert.notEqual(realm.id, defaultRealm);
    assert.equal(realm.jwt_algo, 'rs256');
    assert.match(realm.jwt_key, /^-----BEGIN PUBLIC KEY-----/, 'an RS256 public key passes through');

    const { user, session } = await sessionIn(realm.id);
    assert.equal(algOf(session.token), 'RS256');
    const fromGet = (await AuthRocket.fromEnv().realms.find(realm.id)).jwt_key;
    assert.equal(fromGet, realm.jwt_key);
    const got = await fromToken(session.token, { jwtKey: fromGet });
    assert.equal(got?.id, session.id, "verifies with the realm's jwt_key");
    assert.equal(got.user.id, user.id);
    assert.equal(got.user.realm_id, realm.id);

    // The JWT keys' key and short_key (bare base64), as AuthRocket sends them.
    const keys = await AuthRocket.fromEnv({ realm: realm.id }).jwtKeys.all();
    const rs = keys.collection.filter((k) => k.algo === 'rs256');
    assert.ok(rs.length > 0, 'the realm has an RS256 key');
    for (const k of rs) {
      assert.match(k.key, /^-----BEGIN PUBLIC KEY-----/);
      assert.doesNotMatch(k.short_key, /-----|\s/);
    }
    const current = rs.find((k) => k.id === JSON.parse(Buffer.from(session.token.split('.')[0], 'base64url')).kid);
    assert.ok(current, "the token's kid is one of the realm's JWT keys");
    assert.equal((await fromToken(session.token, { jwtKey: current.key }))?.id, session.id);
    assert.equal((await fromToken(session.token, { jwtKey: current.short_key }))?.id, session.id);

    // JWKS mode: the gateway as the realm's LOGINROCKET_URL.
    const loginrocketUrl = `${gatewayUrl.replace(/\/+$/, '')}/_realms/${realm.id}`;
    assert.equal((await fromToken(session.token, { loginrocketUrl }))?.id, session.id, "verifies from the realm's JWKS on the gateway");

    // Another realm's key does not verify it.
    const other = (await AuthRocket.fromEnv().realms.find(defaultRealm)).jwt_key;
    assert.equal(await fromToken(session.token, { jwtKey: other }), null);
  });
});

describe('HS256: a non-default realm, the secret by grant', () => {
  test('withheld without the grant, handed out with it, and it verifies', async () => {
    const { session } = await sessionIn(hsRealm);
    assert.equal(algOf(session.token), 'HS256');

    const plain = await AuthRocket.fromEnv().realms.find(hsRealm);
    assert.equal(plain.jwt_algo, 'hs256');
    assert.equal(plain.jwt_key, null, 'no grant: the secret is withheld');
    for (const k of (await AuthRocket.fromEnv({ realm: hsRealm }).jwtKeys.all()).collection.filter((k) => k.algo === 'hs256')) {
      assert.equal(k.key, null);
      assert.equal(k.short_key, null);
    }

    const legacy = AuthRocket.fromEnv({ apiKey: legacyToken, realm: hsRealm });
    const granted = await legacy.realms.find(hsRealm);
    assert.match(granted.jwt_key, /^jsk_/, 'the grant hands the secret out');
    const got = await fromToken(session.token, { jwtKey: granted.jwt_key });
    assert.equal(got?.id, session.id, "verifies with the realm's secret from the facade");
    assert.equal(got.user.realm_id, hsRealm);
    const hsKeys = (await legacy.jwtKeys.all()).collection.filter((k) => k.algo === 'hs256');
    assert.ok(hsKeys.some((k) => k.key === granted.jwt_key), "the JWT key's key is the same secret");
  });
});
