// Auth providers through the REST facade (authrocket-client.js, as an SDK
// user calls them) and AuthProvidersService over gRPC (grpc-client.js).
// The tests work in a realm of their own: they change its password policy
// and providers. A social login uses the emulator's convention: the code or
// access token "emulator:<email>" logs that user in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const suffix = () => randomUUID().slice(0, 8);
let realm;
let ar;

before(async () => {
  realm = await AuthRocket.fromEnv().realms.create({ name: `node auth providers ${suffix()}` });
  ar = AuthRocket.fromEnv({ realm: realm.id });
});
after(async () => {
  if (realm) await AuthRocket.fromEnv().realms.delete(realm.id);
});

describe('auth providers (REST)', () => {
  test('a new realm has a password provider (min_length 8) and an inactive totp one', async () => {
    const page = await ar.authProviders.all();
    assert.equal(page.collection.length, 2);
    assert.equal(page.collection[0].object, 'auth_provider');
    const first = await ar.authProviders.first();
    assert.equal(first.provider_type, 'password');
    assert.equal(first.min_length, 8);
    const totp = await ar.authProviders.find('totp', { realm_id: realm.id });
    assert.equal(totp.state, 'inactive');
    assert.match(totp.id, /^ap_/);
  });

  test('create, find, list with paging, update, delete', async () => {
    const created = await ar.authProviders.create({ provider_type: 'google', client_id: 'pinky-and', client_secret: 'the-brain' });
    assert.equal(responseOf(created).status, 201);
    assert.equal(created.object, 'auth_provider');
    assert.match(created.id, /^ap_/);
    assert.equal(created.client_id, 'pinky-and');
    assert.equal(created.client_secret, undefined, 'the client secret is write-only');

    assert.equal((await ar.authProviders.find(created.id)).provider_type, 'google');
    const page1 = await ar.authProviders.all({ max_results: 2 });
    assert.equal(page1.collection.length, 2);
    assert.equal(page1.more_results, true);
    const page2 = await ar.authProviders.all({ max_results: 2, after: page1.collection[1].id });
    assert.deepEqual(page2.collection.map((p) => p.id), [created.id]);
    assert.equal(page2.more_results, false);

    const password = await ar.authProviders.first();
    const updated = await ar.authProviders.update(password.id, { min_length: 12 });
    assert.equal(updated.min_length, 12);
    const short = await failure(ar.users.create({ email: `short+${suffix()}@example.com`, password: 'eleven char' }));
    assert.ok(short instanceof ValidationError);
    assert.match(short.errorMessages(), /minimum is 12 characters/);
    await ar.authProviders.update(password.id, { min_length: 8 });

    const dup = await failure(ar.authProviders.create({ provider_type: 'google', client_id: 'a', client_secret: 'b' }));
    assert.ok(dup instanceof ValidationError);
    assert.equal(dup.status, 422);
    assert.equal(dup.errorMessages(), 'Provider type has already been taken');

    const count = (await ar.authProviders.all()).collection.length;
    await ar.authProviders.delete(created.id);
    assert.equal((await ar.authProviders.all()).collection.length, count - 1);
    assert.ok((await failure(ar.authProviders.find(created.id))) instanceof RecordNotFound);
  });

  test('authorizeUrls, authorizeUrl, then authorize with a code and authorizeToken', async () => {
    const fb = await ar.authProviders.create({ provider_type: 'facebook', client_id: 'dummy-1', client_secret: 'dummy-2' });
    const urls = await ar.authProviders.authorizeUrls({ redirect_uri: 'https://local.dev/' });
    assert.equal(urls.collection.length, 1);
    assert.equal(urls.collection[0].provider_type, 'facebook');
    const one = await ar.authProviders.authorizeUrl(fb.id, { redirect_uri: 'https://local.dev/', nonce: 'n-1' });
    assert.equal(one.provider_type, 'facebook');
    const authURL = new URL(one.auth_url);
    const state = authURL.searchParams.get('state');
    assert.ok(state);
    assert.equal(authURL.searchParams.get('redirect_uri'), 'https://local.dev/');
    assert.equal(authURL.searchParams.get('nonce'), 'n-1');

    const bad = await failure(ar.authProviders.authorize({ code: 'invalid', state }));
    assert.ok(bad instanceof ValidationError);
    assert.match(bad.errorMessages(), /Error validating code/);
    assert.ok(new URL(bad.metadata.retry_url).searchParams.get('state'), 'retry_url: a fresh login URL');

    const email = `social+${suffix()}@example.com`;
    const session = await ar.authProviders.authorize({ code: `emulator:${email}`, state, nonce: 'n-1' });
    assert.equal(responseOf(session).status, 201);
    assert.equal(session.object, 'session');
    assert.match(session.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
    const user = await ar.users.find(session.user_id);
    assert.equal(user.email, email);
    assert.equal(user.credentials[0].credential_type, 'facebook');

    const again = await ar.authProviders.authorizeToken(fb.id, { access_token: `emulator:${email}` });
    assert.equal(again.object, 'session');
    assert.equal(again.user_id, session.user_id);
    await ar.authProviders.delete(fb.id);
  });
});

describe('AuthProvidersService (gRPC)', () => {
  const aps = service('AuthProvidersService');

  test('ListAuthProviders and GetAuthProvider by type', async () => {
    const { collection } = await call(aps, 'ListAuthProviders', { realm_id: realm.id });
    assert.ok(collection.length >= 2);
    const { auth_provider: pw } = await call(aps, 'GetAuthProvider', { id: 'password', realm_id: realm.id });
    assert.equal(pw.provider_type, 'password');
    assert.equal(pw.realm_id, realm.id);
  });

  test('a social login over gRPC: login URL, then AuthorizeAuthProvider', async () => {
    const { auth_provider: gh } = await call(aps, 'CreateAuthProvider', {
      realm_id: realm.id, auth_provider: { provider_type: 'github', client_id: 'gh-1', client_secret: 'gh-2' },
    });
    const { auth_provider: url } = await call(aps, 'GetAuthProviderAuthorizeUrl', { id: gh.id, redirect_uri: 'https://local.dev/', realm_id: realm.id });
    const state = new URL(url.auth_url).searchParams.get('state');
    const err = await failure(call(aps, 'AuthorizeAuthProvider', { code: 'invalid', state, realm_id: realm.id }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    const d = errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
    assert.equal(d.BadRequest.field_violations[0].description, 'Error validating code');
    assert.match(d.ErrorInfo.metadata.authrocketRetryUrl, /^https:\/\/github\.com\//);
    const { session } = await call(aps, 'AuthorizeAuthProvider', { code: `emulator:grpc+${suffix()}@example.com`, state, realm_id: realm.id });
    assert.match(session.id, /^kss_/);
    assert.ok(session.token);
    await call(aps, 'DeleteAuthProvider', { id: gh.id, realm_id: realm.id });
  });

  test('a hostile ID is refused before AuthRocket', async () => {
    const err = await failure(call(aps, 'GetAuthProvider', { id: 'ap_1/../x', realm_id: realm.id }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
