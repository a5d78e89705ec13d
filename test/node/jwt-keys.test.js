// JWT keys through the REST facade and JwtKeysService over gRPC, in a realm
// of their own (rotation must not disturb the env realm's tokens): rotation
// shows in the realm's JWKS, a deleted key's tokens stop verifying, rs256
// keys carry their public key and no answer carries an hs256 secret (the
// suite's caller has no jwt_secrets grant).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { AuthRocket, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';
import { decode, fetchJwks, verifyWithJwks } from './jwks.js';

let ar; // a client of the test's own realm
let lrUrl; // that realm's LoginRocket URL
let userId;

before(async () => {
  const realm = await AuthRocket.fromEnv().realms.create({ name: `Node JWT keys ${Date.now()}` });
  ar = AuthRocket.fromEnv({ realm: realm.id });
  lrUrl = (await ar.domains.create({ domain_type: 'loginrocket' })).uri;
  userId = (await ar.users.create({ email: 'keys@example.com' })).id;
});

const newToken = async () => (await ar.sessions.create({ user_id: userId })).token;

describe('jwt_keys (REST)', () => {
  test('rotation: new tokens carry the new kid, old ones verify until their key is deleted', async () => {
    const first = await newToken();
    const keys = await ar.jwtKeys.all();
    assert.equal(keys.collection.length, 2, 'one rs256 and one hs256 key');
    for (const k of keys.collection) {
      assert.equal(k.object, 'jwt_key');
      assert.match(k.id, /^jky_/);
      if (k.algo === 'rs256') {
        assert.match(k.key, /^-----BEGIN PUBLIC KEY-----/, 'the public key passes through');
        assert.match(k.short_key, /^[A-Za-z0-9+/]+=*$/);
      } else {
        assert.equal(k.key, null, 'no hs256 secret without a grant');
        assert.equal(k.short_key, null);
      }
    }
    const oldKey = keys.collection.find((k) => k.algo === 'rs256');
    const hsKey = keys.collection.find((k) => k.algo === 'hs256');
    assert.equal(decode(first).header.kid, oldKey.id, "a token's kid is its key's id");

    const created = await ar.jwtKeys.create({ algo: 'rs256', use: 'sign' });
    assert.equal(responseOf(created).status, 201);
    assert.deepEqual(created.flags, ['current']);
    assert.deepEqual((await ar.jwtKeys.find(oldKey.id)).flags ?? [], []);
    const second = await newToken();
    assert.equal(decode(second).header.kid, created.id);
    let jwks = await fetchJwks(lrUrl);
    assert.equal(jwks.keys.length, 2);
    assert.ok(verifyWithJwks(first, jwks), 'the old token still verifies');
    assert.ok(verifyWithJwks(second, jwks));

    await ar.jwtKeys.delete(oldKey.id);
    jwks = await fetchJwks(lrUrl);
    assert.equal(verifyWithJwks(first, jwks), null, "a deleted key's token no longer verifies");
    assert.ok(verifyWithJwks(second, jwks));

    const err = await ar.jwtKeys.delete(hsKey.id).catch((e) => e);
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.equal(err.status, 409);
    assert.deepEqual(err.errors, ["Cannot delete the realm's last hs256 key"]);
  });
});

describe('JwtKeysService (gRPC)', () => {
  const keys = service('JwtKeysService');

  test('ListJwtKeys, CreateJwtKey, GetJwtKey, DeleteJwtKey', async () => {
    const realmId = ar.realm;
    const { jwt_key: created } = await call(keys, 'CreateJwtKey', { realm_id: realmId, jwt_key: { algo: 'hs256' } });
    assert.equal(created.algo, 'hs256');
    assert.equal(created.key_material, undefined, 'no hs256 secret without a grant');
    const list = await call(keys, 'ListJwtKeys', { realm_id: realmId, max_results: 1 });
    assert.equal(list.collection[0].id, created.id, 'newest first');
    assert.equal(list.more_results, true);
    assert.equal((await call(keys, 'GetJwtKey', { realm_id: realmId, id: created.id })).jwt_key.id, created.id);
    assert.equal((await call(keys, 'DeleteJwtKey', { realm_id: realmId, id: created.id })).jwt_key.id, created.id);
    const err = await failure(call(keys, 'GetJwtKey', { realm_id: realmId, id: 'jky_1/../x' }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
