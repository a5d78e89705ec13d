// The REST facade driven the way an AuthRocket SDK user drives AuthRocket
// (authrocket-client.js). e2e/node_test.go starts the emulator and the
// gateway and sets GATEWAY_REST_URL, GATEWAY_TOKEN and AUTHROCKET_REALM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthRocket, AuthRocketError, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';

const { GATEWAY_REST_URL: url, GATEWAY_TOKEN: token, AUTHROCKET_REALM: realm } = process.env;
if (!url || !token) throw new Error('set GATEWAY_REST_URL and GATEWAY_TOKEN (AUTHROCKET_REALM is optional)');

const ar = AuthRocket.fromEnv();
const suffix = () => randomUUID().slice(0, 8);
// A '+' and an '@' in every email: the SDK's encodeURI leaves both raw in
// paths.
const uniqueEmail = (name) => `${name}+${suffix()}@example.com`;

// failure returns the error a call rejects with.
async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('the call succeeded; it should have failed');
}

// assertErrorContract checks docs/errors.md on a REST error: the
// request ID headers, one ErrorInfo and a RequestInfo. upstream: whether
// AuthRocket answered (with that HTTP status).
function assertErrorContract(err, { code, reason, httpStatus }) {
  assert.ok(err instanceof AuthRocketError, `${err}`);
  assert.equal(err.code, code, 'google.rpc.Status code');
  assert.equal(typeof err.rpcMessage, 'string');
  assert.ok(err.errors.length > 0, 'AuthRocket-shaped errors');
  assert.equal(err.details.filter((d) => d['@type'].endsWith('.ErrorInfo')).length, 1, 'exactly one ErrorInfo');
  const info = err.detail('ErrorInfo');
  assert.equal(info.domain, 'authrocket-gateway');
  assert.equal(info.reason, reason);
  assert.match(err.gatewayRequestId, /\S/, 'X-Gateway-Request-Id');
  assert.equal(info.metadata.gatewayRequestId, err.gatewayRequestId);
  if (httpStatus) {
    assert.equal(info.metadata.httpStatus, httpStatus);
    assert.match(info.metadata.authrocketRequestId, /\S/);
    assert.equal(err.requestId, info.metadata.authrocketRequestId, "X-Request-Id is AuthRocket's");
    assert.equal(err.detail('RequestInfo').requestId, info.metadata.authrocketRequestId);
  } else {
    assert.equal(info.metadata.httpStatus, undefined, 'AuthRocket was not called');
    assert.equal(err.detail('RequestInfo').requestId, err.gatewayRequestId);
  }
  return info;
}

function assertEpochSeconds(value, what) {
  assert.equal(typeof value, 'number', `${what} is a JSON number`);
  assert.ok(Math.abs(value - Date.now() / 1000) < 3600, `${what} = ${value}: epoch seconds, not milliseconds`);
}

describe('users', () => {
  test('create answers 201 with the AuthRocket user', async () => {
    const email = uniqueEmail('ada');
    const username = `ada${suffix()}`;
    const user = await ar.users.create({
      email, username, first_name: 'Ada', last_name: 'Lovelace', password: 'correct horse battery',
      custom: { plan: 'pro', seats: 3 },
      request: { ip: '10.0.0.1', client: 'node-tests/1.0' },
    });
    const http = responseOf(user);
    assert.equal(http.status, 201);
    assert.match(http.requestId, /\S/, 'X-Request-Id');
    assert.match(http.gatewayRequestId, /\S/, 'X-Gateway-Request-Id');
    assert.notEqual(http.requestId, http.gatewayRequestId, "X-Request-Id is AuthRocket's after an upstream call");

    assert.equal(user.object, 'user');
    assert.match(user.id, /^usr_/);
    if (realm) assert.equal(user.realm_id, realm);
    else assert.match(user.realm_id, /^rl_/);
    assert.equal(user.state, 'active');
    assert.equal(user.email, email);
    assert.equal(user.username, username);
    assert.equal(user.name, 'Ada Lovelace');
    assert.deepEqual(user.custom, { plan: 'pro', seats: 3 });
    assert.equal('password' in user, false, 'no password in the answer');
    assertEpochSeconds(user.created_at, 'created_at');
    assert.equal(user.credentials.length, 1, 'the password credential is embedded');
    assert.equal(user.credentials[0].object, 'credential');
    assert.equal(user.credentials[0].credential_type, 'password');
    assertEpochSeconds(user.credentials[0].created_at, 'credential created_at');
  });

  test('find by id, email and username', async () => {
    const email = uniqueEmail('find');
    const username = `find${suffix()}`;
    const user = await ar.users.create({ email, username });
    for (const key of [user.id, email, username]) {
      const found = await ar.users.find(key);
      assert.equal(found.id, user.id, `find(${key})`);
      assert.equal(responseOf(found).status, 200);
    }
  });

  test('update changes only the fields sent', async () => {
    const user = await ar.users.create({ email: uniqueEmail('upd'), first_name: 'Grace', last_name: 'Brewster' });
    const updated = await ar.users.update(user.id, { last_name: 'Hopper', reference: 'crm-7', custom: { rank: 'admiral' } });
    assert.equal(responseOf(updated).status, 200);
    assert.equal(updated.id, user.id);
    assert.equal(updated.reference, 'crm-7');
    assert.equal(updated.name, 'Grace Hopper');
    assert.equal(updated.first_name, 'Grace', 'fields not sent are kept');
    assert.deepEqual(updated.custom, { rank: 'admiral' });
    assert.equal((await ar.users.find(user.id)).reference, 'crm-7');
  });

  test('delete, then find is a RecordNotFound', async () => {
    const user = await ar.users.create({ email: uniqueEmail('del') });
    await ar.users.delete(user.id);
    const err = await failure(ar.users.find(user.id));
    assert.ok(err instanceof RecordNotFound, `${err}`);
    assert.equal(err.status, 404);
  });

  test('list pages with after and max_results', async () => {
    const reference = `page-${randomUUID()}`;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await ar.users.create({ email: uniqueEmail(`page${i}`), reference })).id);
    ids.sort();

    const pages = [];
    let after;
    for (;;) {
      const page = await ar.users.all({ reference, max_results: 2, after });
      assert.deepEqual(Object.keys(page).sort(), ['collection', 'more_results']);
      assert.equal(typeof page.more_results, 'boolean');
      pages.push(page.collection.map((u) => u.id));
      if (!page.more_results) break;
      assert.ok(pages.length < 5, 'paging ends');
      after = page.collection.at(-1).id;
    }
    assert.deepEqual(pages, [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)], 'pages of 2 in id order, each after the last');

    const first = await ar.users.first({ reference });
    assert.equal(first.id, ids[0]);
    const none = await ar.users.all({ reference: `none-${randomUUID()}` });
    assert.deepEqual(none, { collection: [], more_results: false });
  });

  test('authenticate answers a session with a token', async () => {
    const email = uniqueEmail('auth');
    const user = await ar.users.create({ email, password: 'first password 1' });
    const session = await ar.users.authenticate(email, { password: 'first password 1', request: { ip: '10.0.0.2' } });
    assert.equal(session.object, 'session');
    assert.match(session.id, /^kss_/);
    assert.equal(session.user_id, user.id);
    assert.match(session.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
    assertEpochSeconds(session.created_at, 'created_at');
    assert.ok(session.expires_at > session.created_at, 'expires_at after created_at');
  });

  test('authenticate with a wrong password: a 422 ValidationError "Login failed"', async () => {
    const user = await ar.users.create({ email: uniqueEmail('badpw'), password: 'first password 1' });
    const err = await failure(ar.users.authenticate(user.id, { password: 'not the password' }));
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.equal(err.status, 422);
    assert.deepEqual(err.errors, ['Login failed']);
    assert.equal(err.message, 'Login failed');
    assert.equal(err.rpcMessage, 'Login failed');
    assertErrorContract(err, { code: 3, reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
  });

  test('Accept-Language es: the Spanish message and a LocalizedMessage', async () => {
    const user = await ar.users.create({ email: uniqueEmail('es'), password: 'first password 1' });
    const es = AuthRocket.fromEnv({ locale: 'es' });
    const err = await failure(es.users.authenticate(user.id, { password: 'not the password' }));
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.deepEqual(err.errors, ['Error al iniciar sesión']);
    assert.deepEqual(
      { locale: err.detail('LocalizedMessage')?.locale, message: err.detail('LocalizedMessage')?.message },
      { locale: 'es', message: 'Error al iniciar sesión' },
    );
  });

  test('update_password: a wrong current password is a 422, the right one changes it', async () => {
    const user = await ar.users.create({ email: uniqueEmail('pw'), password: 'first password 1' });
    const wrong = await failure(ar.users.updatePassword(user.id, {
      current_password: 'nope nope nope', password: 'second password 2', password_confirmation: 'second password 2',
    }));
    assert.ok(wrong instanceof ValidationError, `${wrong}`);
    assert.deepEqual(wrong.errors, ['Current password does not match']);

    const changed = await ar.users.updatePassword(user.id, {
      current_password: 'first password 1', password: 'second password 2', password_confirmation: 'second password 2',
    });
    assert.equal(changed.id, user.id);
    assert.equal((await ar.users.authenticate(user.id, { password: 'second password 2' })).object, 'session');
    const old = await failure(ar.users.authenticate(user.id, { password: 'first password 1' }));
    assert.deepEqual(old.errors, ['Login failed']);
  });

  test('update_profile', async () => {
    const user = await ar.users.create({ email: uniqueEmail('profile'), first_name: 'Grace' });
    const username = `grace${suffix()}`;
    const profile = await ar.users.updateProfile(user.id, { last_name: 'Hopper', username });
    assert.equal(profile.object, 'user');
    assert.equal(profile.name, 'Grace Hopper');
    assert.equal(profile.username, username);
    assert.equal((await ar.users.find(username)).id, user.id);
  });
});

describe('orgs', () => {
  test('create, find, list, update, close, and force delete', async () => {
    const name = `Widgets ${suffix()}`;
    const org = await ar.orgs.create({ name, custom: { tier: 'gold' } });
    assert.equal(responseOf(org).status, 201);
    assert.equal(org.object, 'org');
    assert.match(org.id, /^org_/);
    assert.equal(org.state, 'active');
    assert.deepEqual(org.custom, { tier: 'gold' });
    assertEpochSeconds(org.created_at, 'created_at');

    assert.equal((await ar.orgs.find(org.id)).name, name);
    const page = await ar.orgs.all({ max_results: 1000, expand: ['custom'] });
    const row = page.collection.find((o) => o.id === org.id);
    assert.ok(row, 'the org is listed');
    assert.deepEqual(row.custom, { tier: 'gold' }, 'expand[]=custom');
    const updated = await ar.orgs.update(org.id, { reference: 'acct-1' });
    assert.equal(updated.reference, 'acct-1');
    assert.equal(updated.name, name);

    const closed = await ar.orgs.delete(org.id);
    assert.equal(closed.state, 'closed', 'a plain delete closes the org');
    assert.equal((await ar.orgs.find(org.id)).state, 'closed');
    const conflict = await failure(ar.orgs.update(org.id, { name: 'renamed' }));
    assert.ok(conflict instanceof ValidationError, `${conflict}`);
    assert.equal(conflict.status, 409, 'a closed org refuses changes');
    assertErrorContract(conflict, { code: 9, reason: 'AUTHROCKET_CONFLICT', httpStatus: '409' });
    assert.deepEqual(conflict.detail('PreconditionFailure').violations.map((v) => v.description), conflict.errors);

    await ar.orgs.delete(org.id, { force: true });
    const gone = await failure(ar.orgs.find(org.id));
    assert.ok(gone instanceof RecordNotFound, `force deletes it: ${gone}`);
  });
});

describe('memberships', () => {
  test('create, find, list by user and by org, update, delete', async () => {
    const user = await ar.users.create({ email: uniqueEmail('member') });
    const org = await ar.orgs.create({ name: `Team ${suffix()}` });
    const mb = await ar.memberships.create({ user_id: user.id, org_id: org.id, permissions: ['admin'] });
    assert.equal(responseOf(mb).status, 201);
    assert.equal(mb.object, 'membership');
    assert.match(mb.id, /^mb_/);
    assert.equal(mb.user_id, user.id);
    assert.equal(mb.org_id, org.id);
    assert.deepEqual(mb.permissions, ['admin']);

    assert.equal((await ar.memberships.find(mb.id)).org_id, org.id);
    const byUser = await ar.memberships.all({ user_id: user.id });
    assert.deepEqual(byUser.collection.map((m) => m.id), [mb.id]);
    assert.equal(byUser.more_results, false);
    assert.equal(byUser.collection[0].org.id, org.id, 'listing by user embeds each org');
    const byOrg = await ar.memberships.all({ org_id: org.id });
    assert.equal(byOrg.collection[0].user.id, user.id, 'listing by org embeds each user');

    const twice = await failure(ar.memberships.create({ user_id: user.id, org_id: org.id }));
    assert.ok(twice instanceof ValidationError, `a second membership: ${twice}`);

    const updated = await ar.memberships.update(mb.id, { permissions: ['admin', 'billing'] });
    assert.deepEqual(updated.permissions, ['admin', 'billing']);

    await ar.memberships.delete(mb.id);
    assert.ok((await failure(ar.memberships.find(mb.id))) instanceof RecordNotFound);
  });
});

describe('sessions', () => {
  test('create, find by token, list by user, delete', async () => {
    const user = await ar.users.create({ email: uniqueEmail('session') });
    const session = await ar.sessions.create({ user_id: user.id, request: { ip: '10.1.2.3', client: 'node' } });
    assert.equal(responseOf(session).status, 201);
    assert.equal(session.object, 'session');
    assert.match(session.id, /^kss_/);
    assert.equal(session.token.split('.').length, 3, 'the token is a JWT');
    assert.equal(session.request.ip, '10.1.2.3');
    assert.equal(typeof session.expires_at, 'number');

    assert.equal((await ar.sessions.find(session.token)).id, session.id, 'found by its token');
    const page = await ar.sessions.all({ user_id: user.id });
    assert.deepEqual(page.collection.map((s) => s.id), [session.id]);
    assert.equal(page.collection[0].token, undefined, 'list rows leave the token out');

    await ar.sessions.delete(session.id);
    assert.ok((await failure(ar.sessions.find(session.token))) instanceof RecordNotFound);
  });
});

describe('errors', () => {
  test('a missing user: RecordNotFound with ErrorInfo, RequestInfo and ResourceInfo', async () => {
    const err = await failure(ar.users.find('usr_doesnotexist'));
    assert.ok(err instanceof RecordNotFound, `${err}`);
    assert.equal(err.status, 404);
    assertErrorContract(err, { code: 5, reason: 'AUTHROCKET_NOT_FOUND', httpStatus: '404' });
    assert.equal(err.detail('ResourceInfo').resourceType, 'user');
    assert.equal(err.detail('ResourceInfo').resourceName, 'usr_doesnotexist');
  });

  test('a duplicate email: 422 with AuthRocket errors merged with google.rpc.Status', async () => {
    const email = uniqueEmail('dup');
    await ar.users.create({ email });
    const err = await failure(ar.users.create({ email }));
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.equal(err.status, 422, '422 stays 422, so SDKs read validation errors');
    assert.deepEqual(err.errors, ['Email has already been taken']);
    assert.equal(err.rpcMessage, 'Email has already been taken');
    assertErrorContract(err, { code: 3, reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
    assert.deepEqual(err.detail('BadRequest').fieldViolations.map((v) => v.description), ['Email has already been taken']);
  });

  test('several validation errors: one per message, one BadRequest violation each', async () => {
    const err = await failure(ar.users.create({ password: 'short', password_confirmation: 'other' }));
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.ok(err.errors.length >= 2, `errors = ${JSON.stringify(err.errors)}`);
    assert.ok(err.errors.includes("Email can't be blank"));
    assert.deepEqual(err.detail('BadRequest').fieldViolations.map((v) => v.description), err.errors);
  });

  test('no credential or a wrong one: 403 as AuthRocket answers it, UNAUTHENTICATED, AuthRocket not called', async () => {
    for (const apiKey of [undefined, 'not-a-credential']) {
      const stranger = AuthRocket.fromEnv({ apiKey });
      const err = await failure(stranger.users.all());
      assert.ok(err instanceof AuthRocketError, `${err}`);
      assert.equal(err.status, 403, `credential ${apiKey}`);
      assert.match(err.message, /check your API credentials/);
      assertErrorContract(err, { code: 16, reason: 'UNAUTHENTICATED' });
    }
  });
});
