// Named permissions through the gateway: REST as an AuthRocket SDK manages
// them (authrocket-client.js) and gRPC (grpc-client.js). There is no list
// endpoint (AuthRocket embeds them in the realm).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const namedPermissions = service('NamedPermissionsService');
const unique = () => randomUUID().slice(0, 8);

describe('named permissions', () => {
  test('REST: create, find, update, delete; a taken permission is a ValidationError', async () => {
    const permission = `node:${unique()}`;
    const np = await ar.namedPermissions.create({ name: 'Node', permission });
    assert.equal(responseOf(np).status, 201);
    assert.equal(np.object, 'named_permission');
    assert.equal(np.auto_grant, false);
    assert.equal((await ar.namedPermissions.find(np.id)).permission, permission);
    // No list endpoint: the realm embeds its named permissions.
    const realm = await ar.realms.find(ar.realm);
    assert.ok(realm.named_permissions.some((p) => p.id === np.id && p.permission === permission), 'realm.named_permissions');
    assert.equal((await ar.namedPermissions.update(np.id, { auto_grant: true })).auto_grant, true);
    const taken = await failure(ar.namedPermissions.create({ name: 'Again', permission }));
    assert.ok(taken instanceof ValidationError, `${taken}`);
    assert.deepEqual(taken.errors, ['Permission has already been taken']);
    await ar.namedPermissions.delete(np.id);
    assert.ok((await failure(ar.namedPermissions.find(np.id))) instanceof RecordNotFound);
  });

  test('gRPC: every RPC', async () => {
    const { named_permission: np } = await call(namedPermissions, 'CreateNamedPermission', { named_permission: { name: 'gRPC', permission: `grpc:${unique()}` } });
    assert.equal((await call(namedPermissions, 'GetNamedPermission', { id: np.id })).named_permission.name, 'gRPC');
    const { named_permission: up } = await call(namedPermissions, 'UpdateNamedPermission', { id: np.id, named_permission: { name: 'gRPC 2' } });
    assert.equal(up.name, 'gRPC 2');
    await call(namedPermissions, 'DeleteNamedPermission', { id: np.id });
    const err = await failure(call(namedPermissions, 'GetNamedPermission', { id: np.id }));
    assert.equal(err.code, grpc.status.NOT_FOUND, `${err}`);
  });
});
