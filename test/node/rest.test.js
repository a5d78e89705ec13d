// The REST facade driven the way an AuthRocket SDK user drives AuthRocket.
// e2e/node_test.go starts the gateway and sets GATEWAY_REST_URL and
// GATEWAY_TOKEN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthRocket, AuthRocketError } from './authrocket-client.js';

const url = process.env.GATEWAY_REST_URL;
const apiKey = process.env.GATEWAY_TOKEN;
if (!url || !apiKey) throw new Error('set GATEWAY_REST_URL and GATEWAY_TOKEN');

const ar = new AuthRocket({ url, apiKey });
const unique = (name) => `${name}-${randomUUID().slice(0, 8)}@example.com`;

function detail(body, type) {
  return body.details.find((d) => d['@type'] === `type.googleapis.com/google.rpc.${type}`);
}

test('users: create, find by id, email and username, update, delete', async () => {
  const email = unique('ada');
  const username = `ada${randomUUID().slice(0, 6)}`;
  const created = await ar.users.create({ email, username, first_name: 'Ada', last_name: 'Lovelace', password: 'correct horse battery', custom: { plan: 'pro' }, request: { ip: '10.0.0.1', client: 'node-tests' } });
  assert.equal(created.status, 201);
  assert.equal(created.hasErrors(), false);
  const user = created.object;
  assert.equal(user.object, 'user');
  assert.match(user.id, /^usr_/);
  assert.equal(user.email, email);
  assert.equal(user.name, 'Ada Lovelace');
  assert.deepEqual(user.custom, { plan: 'pro' });
  assert.equal(typeof user.created_at, 'number', 'timestamps are epoch seconds');
  assert.ok(Math.abs(user.created_at - Date.now() / 1000) < 3600);
  assert.equal(user.credentials[0].credential_type, 'password');
  assert.match(created.requestId, /\S/, 'AuthRocket request ID');
  assert.match(created.gatewayRequestId, /\S/, 'gateway request ID');

  for (const key of [user.id, email, email.toUpperCase(), username]) {
    const found = await ar.users.find(key);
    assert.equal(found.object.id, user.id, `find(${key})`);
  }

  const updated = await ar.users.update(user.id, { reference: 'crm-7' });
  assert.equal(updated.object.reference, 'crm-7');
  assert.equal(updated.object.first_name, 'Ada', 'fields not sent are kept');

  const deleted = await ar.users.delete(user.id);
  assert.equal(deleted.hasErrors(), false);
  await assert.rejects(ar.users.find(user.id), (err) => err instanceof AuthRocketError && err.status === 404);
});

test('users: list with paging', async () => {
  const reference = `page-${randomUUID()}`;
  for (let i = 0; i < 3; i++) await ar.users.create({ email: unique(`p${i}`), reference });
  const seen = [];
  let after;
  for (let page = 0; page < 10; page++) {
    const res = await ar.users.all({ max_results: 2, after });
    assert.ok(Array.isArray(res.results));
    assert.ok(res.results.length <= 2);
    seen.push(...res.results.map((u) => u.id));
    if (!res.hasMore()) break;
    after = res.results.at(-1).id;
  }
  assert.equal(new Set(seen).size, seen.length, 'no user twice across pages');
  const ours = (await ar.users.all({ max_results: 1000 })).results.filter((u) => u.reference === reference);
  assert.equal(ours.length, 3);
  const first = await ar.users.first();
  assert.match(first.results.id, /^usr_/);
});

test('users: authenticate, update_password, update_profile', async () => {
  const email = unique('auth');
  const user = (await ar.users.create({ email, first_name: 'Grace', password: 'first password 1' })).object;

  const ok = await ar.users.authenticate(email, { password: 'first password 1' });
  assert.equal(ok.object.object, 'session');
  assert.equal(ok.object.user_id, user.id);
  assert.ok(ok.object.token, 'a session token');

  const bad = await ar.users.authenticate(user.id, { password: 'not the password' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.errors, ['Login failed']);

  const es = new AuthRocket({ url, apiKey, locale: 'es' });
  const badEs = await es.users.authenticate(user.id, { password: 'not the password' });
  assert.equal(badEs.errorMessages(), 'Error al iniciar sesión');

  const wrong = await ar.users.updatePassword(user.id, { current_password: 'nope nope', password: 'second password 2', password_confirmation: 'second password 2' });
  assert.deepEqual(wrong.errors, ['Current password does not match']);
  const changed = await ar.users.updatePassword(user.id, { current_password: 'first password 1', password: 'second password 2', password_confirmation: 'second password 2' });
  assert.equal(changed.hasErrors(), false);
  assert.equal((await ar.users.authenticate(user.id, { password: 'second password 2' })).object.object, 'session');

  const profile = await ar.users.updateProfile(user.id, { last_name: 'Hopper' });
  assert.equal(profile.object.name, 'Grace Hopper');
});

test('duplicate email: 422 with AuthRocket errors merged with google.rpc.Status', async () => {
  const email = unique('dup');
  await ar.users.create({ email });
  const res = await ar.users.create({ email });
  assert.equal(res.status, 422);
  assert.equal(res.hasErrors(), true);
  assert.deepEqual(res.errors, ['Email has already been taken']);
  assert.equal(res.body.code, 3, 'INVALID_ARGUMENT');
  assert.equal(res.body.message, 'Email has already been taken');
  const info = detail(res.body, 'ErrorInfo');
  assert.equal(info.domain, 'authrocket-gateway');
  assert.equal(info.reason, 'AUTHROCKET_VALIDATION_FAILED');
  assert.equal(info.metadata.httpStatus, '422');
  assert.equal(info.metadata.authrocketRequestId, res.requestId);
  assert.equal(info.metadata.gatewayRequestId, res.gatewayRequestId);
  assert.equal(detail(res.body, 'RequestInfo').requestId, res.requestId);
  assert.equal(detail(res.body, 'BadRequest').fieldViolations[0].description, 'Email has already been taken');
});

test('missing user: 404 thrown with ErrorInfo, RequestInfo and ResourceInfo', async () => {
  const err = await ar.users.find('usr_doesnotexist').catch((e) => e);
  assert.ok(err instanceof AuthRocketError);
  assert.equal(err.name, 'RecordNotFound');
  assert.equal(err.status, 404);
  assert.equal(err.body.code, 5, 'NOT_FOUND');
  assert.equal(detail(err.body, 'ErrorInfo').metadata.httpStatus, '404');
  assert.equal(detail(err.body, 'RequestInfo').requestId, err.requestId);
  assert.equal(detail(err.body, 'ResourceInfo').resourceName, 'usr_doesnotexist');
});

test('orgs: create, find, list, update, close and force delete', async () => {
  const name = `Widgets ${randomUUID().slice(0, 8)}`;
  const org = (await ar.orgs.create({ name, custom: { tier: 'gold' } })).object;
  assert.equal(org.object, 'org');
  assert.match(org.id, /^org_/);
  assert.equal(org.state, 'active');
  assert.equal((await ar.orgs.find(org.id)).object.name, name);
  assert.ok((await ar.orgs.all({ max_results: 1000 })).results.some((o) => o.id === org.id));
  assert.equal((await ar.orgs.update(org.id, { reference: 'acct-1' })).object.reference, 'acct-1');

  const closed = await ar.orgs.delete(org.id);
  assert.equal(closed.hasErrors(), false);
  assert.equal((await ar.orgs.find(org.id)).object.state, 'closed', 'a plain delete closes the org');
  await ar.orgs.delete(org.id, { force: true });
  await assert.rejects(ar.orgs.find(org.id), (err) => err.status === 404, 'force deletes it');
});

test('memberships: create, find, list by user, update, delete', async () => {
  const user = (await ar.users.create({ email: unique('member') })).object;
  const org = (await ar.orgs.create({ name: `Team ${randomUUID().slice(0, 8)}` })).object;
  const created = await ar.memberships.create({ user_id: user.id, org_id: org.id, permissions: ['admin'] });
  assert.equal(created.status, 201);
  const mb = created.object;
  assert.equal(mb.object, 'membership');
  assert.match(mb.id, /^mb_/);
  assert.deepEqual(mb.permissions, ['admin']);

  assert.equal((await ar.memberships.find(mb.id)).object.org_id, org.id);
  const byUser = await ar.memberships.all({ user_id: user.id });
  assert.deepEqual(byUser.results.map((m) => m.id), [mb.id]);
  assert.equal(byUser.results[0].org.id, org.id, 'listing by user embeds each org');
  const byOrg = await ar.memberships.all({ org_id: org.id });
  assert.equal(byOrg.results[0].user.id, user.id, 'listing by org embeds each user');
  const updated = await ar.memberships.update(mb.id, { permissions: ['admin', 'billing'] });
  assert.deepEqual(updated.object.permissions, ['admin', 'billing']);

  await ar.memberships.delete(mb.id);
  await assert.rejects(ar.memberships.find(mb.id), (err) => err.status === 404);
});

test('a call without a valid credential is refused', async () => {
  const stranger = new AuthRocket({ url, apiKey: 'not-a-credential' });
  await assert.rejects(stranger.users.all(), (err) => err.status === 401 && err.body.code === 16);
  const res = await fetch(`${url}/v2/users`);
  assert.equal(res.status, 401);
});
