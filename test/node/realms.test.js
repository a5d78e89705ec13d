// Realms through the REST facade as an AuthRocket SDK user manages them, and
// RealmsService over gRPC. e2e/node_test.go starts the emulator and the
// gateway and sets the environment (see rest.test.js and grpc-client.js).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, realm, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const suffix = () => randomUUID().slice(0, 8);

describe('realms (REST)', () => {
  test('create, find, list with paging, update, reset and delete', async () => {
    const name = `Node realm ${suffix()}`;
    const rl = await ar.realms.create({ name, jwt_algo: 'hs256', jwt_scopes: 'ar.orgs' });
    assert.equal(responseOf(rl).status, 201);
    assert.equal(rl.object, 'realm');
    assert.match(rl.id, /^rl_/);
    assert.equal(rl.state, 'active');
    assert.equal(rl.jwt_algo, 'hs256');
    assert.equal(rl.jwt_key, null, "an hs256 realm's JWT secret stays in the gateway without a grant");

    assert.equal((await ar.realms.find(rl.id)).name, name);

    // Page through every realm, one per page, until the new one shows up.
    const seen = [];
    let page = await ar.realms.all({ max_results: 1 });
    for (;;) {
      assert.ok(page.collection.length <= 1);
      seen.push(...page.collection.map((r) => r.id));
      if (!page.more_results) break;
      page = await ar.realms.all({ max_results: 1, after: seen.at(-1) });
    }
    assert.ok(seen.includes(rl.id), 'the new realm is listed');
    assert.equal(new Set(seen).size, seen.length, 'no realm twice');

    const up = await ar.realms.update(rl.id, { name: `${name} renamed` });
    assert.equal(up.name, `${name} renamed`);
    assert.equal(up.jwt_scopes, 'ar.orgs', 'an update keeps what it does not name');
    const err = await ar.realms.update(rl.id, { name: '' }).catch((e) => e);
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.match(err.errorMessages(), /Name can't be blank/);

    // reset empties the realm: a user made in it is gone.
    const inRealm = AuthRocket.fromEnv({ realm: rl.id });
    const user = await inRealm.users.create({ email: `reset+${suffix()}@example.com` });
    const reset = await ar.realms.reset(rl.id);
    assert.equal(reset.id, rl.id);
    await assert.rejects(inRealm.users.find(user.id), RecordNotFound);

    const del = await ar.realms.delete(rl.id);
    assert.equal(del.id, rl.id);
    assert.notEqual((await ar.realms.find(rl.id)).state, 'active', 'a deleted realm is no longer active');
  });
});

describe('RealmsService (gRPC)', () => {
  const realms = service('RealmsService');

  test("GetRealm answers the realm with its public key; a bad ID is refused before AuthRocket", async () => {
    assert.ok(realm, 'AUTHROCKET_REALM is set');
    const { realm: rl } = await call(realms, 'GetRealm', { id: realm });
    assert.equal(rl.object, 'realm');
    assert.equal(rl.id, realm);
    assert.match(rl.jwt_key_material, /^-----BEGIN PUBLIC KEY-----/, "an rs256 realm's jwt_key passes through");
    const err = await failure(call(realms, 'GetRealm', { id: 'rl_../x' }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
