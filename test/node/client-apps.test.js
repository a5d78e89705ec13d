// Client apps through the REST facade (as the Node SDK's createClientApp
// helper calls it) and ClientAppsService over gRPC. An oauth2 app's secret
// comes back in single objects, never in list rows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();

describe('client_apps (REST)', () => {
  test('create (201), find, list with paging, update, delete', async () => {
    const std = await ar.clientApps.create({ client_type: 'standard', name: 'ar-node-sdk', redirect_uris: ['http://localhost:3000/'] });
    assert.equal(responseOf(std).status, 201);
    assert.equal(std.object, 'client_app');
    assert.equal(std.client_type, 'standard');
    assert.deepEqual(std.redirect_uris, ['http://localhost:3000/']);
    assert.equal(std.secret, undefined);

    const oa = await ar.clientApps.create({ client_type: 'oauth2', name: 'node oauth2', redirect_uris: ['https://app.example/cb'] });
    assert.match(oa.secret, /^\w{20,}$/, 'AuthRocket issues the secret; the gateway hands it on');
    assert.deepEqual(oa.allowed_scopes, ['openid', 'profile', 'email']);
    assert.equal((await ar.clientApps.find(oa.id)).secret, oa.secret);

    const seen = [];
    for (let after; ;) {
      const page = await ar.clientApps.all({ max_results: 1, after });
      assert.ok(page.collection.length <= 1);
      for (const row of page.collection) {
        assert.equal(row.secret, undefined, 'no secret in list rows');
        seen.push(row.id);
      }
      if (!page.more_results) break;
      after = page.collection.at(-1).id;
    }
    assert.ok(seen.includes(std.id) && seen.includes(oa.id), 'paging reaches both apps');
    const oauth2Only = await ar.clientApps.all({ client_type: 'oauth2' });
    assert.ok(oauth2Only.collection.every((x) => x.client_type === 'oauth2'));

    const up = await ar.clientApps.update(oa.id, { name: 'renamed', trusted: true, allowed_scopes: ['openid'] });
    assert.equal(up.name, 'renamed');
    assert.equal(up.trusted, true);
    assert.deepEqual(up.allowed_scopes, ['openid']);
    assert.equal(up.redirect_uris[0], 'https://app.example/cb', 'unset attributes stay');

    const es = AuthRocket.fromEnv({ locale: 'es' });
    const err = await es.clientApps.create({ client_type: 'oauth2', name: 'x' }).catch((e) => e);
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.equal(err.status, 422);
    assert.deepEqual(err.errors, ['URIs de redirección no puede estar en blanco']);

    await ar.clientApps.delete(std.id);
    await ar.clientApps.delete(oa.id);
    assert.ok((await ar.clientApps.find(std.id).catch((e) => e)) instanceof RecordNotFound);
  });
});

describe('ClientAppsService (gRPC)', () => {
  const apps = service('ClientAppsService');

  test('CreateClientApp, GetClientApp, ListClientApps, UpdateClientApp, DeleteClientApp', async () => {
    const { client_app: app } = await call(apps, 'CreateClientApp', {
      client_app: { client_type: 'oauth2', name: 'grpc app', redirect_uris: ['https://grpc.example/cb'] },
    });
    assert.equal(app.object, 'client_app');
    assert.ok(app.secret);
    assert.equal((await call(apps, 'GetClientApp', { id: app.id })).client_app.secret, app.secret);
    const list = await call(apps, 'ListClientApps', { client_type: 'oauth2' });
    const row = list.collection.find((x) => x.id === app.id);
    assert.ok(row, 'listed');
    assert.equal(row.secret, undefined, 'no secret in list rows');
    const { client_app: up } = await call(apps, 'UpdateClientApp', { id: app.id, client_app: { state: 'inactive' } });
    assert.equal(up.state, 'inactive');
    assert.equal((await call(apps, 'DeleteClientApp', { id: app.id })).client_app.id, app.id);
    const gone = await failure(call(apps, 'GetClientApp', { id: app.id }));
    assert.equal(gone.code, grpc.status.NOT_FOUND);
  });

  test('CreateClientApp without redirect URIs: INVALID_ARGUMENT with AuthRocket\'s message (422)', async () => {
    const err = await failure(call(apps, 'CreateClientApp', { client_app: { client_type: 'standard', name: 'x' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    assert.equal(err.details, "Redirect uris can't be blank");
    errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
  });
});
