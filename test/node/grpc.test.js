// The gateway's gRPC API driven by @grpc/grpc-js (grpc-client.js), reading
// the rich status details. e2e/node_test.go starts the emulator and the
// gateway and sets GATEWAY_GRPC_ADDR, GATEWAY_TOKEN and AUTHROCKET_REALM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { call, errorInfo, failure, metadata, realm, service } from './grpc-client.js';

const users = service('UsersService');
const orgs = service('OrgsService');
const memberships = service('MembershipsService');
const sessions = service('SessionsService');

const uniqueEmail = (name) => `${name}+${randomUUID().slice(0, 8)}@example.com`;

describe('UsersService', () => {
  test('CreateUser, then GetUser by ID and by email', async () => {
    const email = uniqueEmail('grpc');
    // protobufjs's built-in google.protobuf types keep camelCase field
    // names (stringValue) whatever keepCase says.
    const custom = { fields: { plan: { stringValue: 'pro' }, seats: { numberValue: 3 } } };
    const { user } = await call(users, 'CreateUser', {
      user: { email, first_name: 'Ada', password: 'correct horse battery', custom },
    });
    assert.equal(user.object, 'user');
    assert.match(user.id, /^usr_/);
    if (realm) assert.equal(user.realm_id, realm);
    assert.equal(user.email, email);
    assert.equal(user.first_name, 'Ada');
    assert.equal(user.custom.fields.plan.stringValue, 'pro', 'custom is a Struct');
    assert.equal(user.custom.fields.seats.numberValue, 3);
    assert.ok(Math.abs(Number(user.created_at.seconds) - Date.now() / 1000) < 3600, 'created_at is a Timestamp');
    assert.equal(user.credentials[0].credential_type, 'password');

    for (const id of [user.id, email]) {
      const got = await call(users, 'GetUser', { id });
      assert.equal(got.user.id, user.id, `GetUser(${id})`);
    }
  });

  test('AuthenticateUser answers the session oneof', async () => {
    const email = uniqueEmail('login');
    const { user } = await call(users, 'CreateUser', { user: { email, password: 'correct horse battery' } });
    const res = await call(users, 'AuthenticateUser', { id: email, user: { password: 'correct horse battery' } });
    assert.equal(res.result, 'session');
    assert.match(res.session.id, /^kss_/);
    assert.equal(res.session.user_id, user.id);
    assert.match(res.session.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
  });

  test('GetUser on a missing ID: NOT_FOUND with ErrorInfo, RequestInfo and ResourceInfo', async () => {
    const err = await failure(call(users, 'GetUser', { id: 'usr_missing' }));
    assert.equal(err.code, grpc.status.NOT_FOUND, `${err}`);
    const d = errorInfo(err, { reason: 'AUTHROCKET_NOT_FOUND', httpStatus: '404' });
    assert.equal(d.ResourceInfo.resource_type, 'user');
    assert.equal(d.ResourceInfo.resource_name, 'usr_missing');
  });

  test('CreateUser with a taken email: INVALID_ARGUMENT with BadRequest (AuthRocket 422)', async () => {
    const email = uniqueEmail('dup');
    await call(users, 'CreateUser', { user: { email } });
    const err = await failure(call(users, 'CreateUser', { user: { email } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    assert.equal(err.details, 'Email has already been taken');
    const d = errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
    assert.deepEqual(d.BadRequest.field_violations.map((v) => v.description), ['Email has already been taken']);
  });

  test('a wrong password with accept-language es: INVALID_ARGUMENT with a LocalizedMessage', async () => {
    const { user } = await call(users, 'CreateUser', { user: { email: uniqueEmail('es'), password: 'correct horse battery' } });
    const err = await failure(call(users, 'AuthenticateUser', { id: user.id, user: { password: 'wrong wrong' } }, metadata({ locale: 'es' })));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    assert.equal(err.details, 'Error al iniciar sesión');
    const d = errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
    assert.deepEqual(d.LocalizedMessage, { locale: 'es', message: 'Error al iniciar sesión' });
  });

  test('an ID that could leave its path segment is refused before AuthRocket', async () => {
    const err = await failure(call(users, 'GetUser', { id: '../orgs' }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    const d = errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
    assert.ok(d.BadRequest.field_violations.length > 0);
  });

  test('no credential or a wrong one: UNAUTHENTICATED', async () => {
    for (const credential of [null, 'not-a-credential']) {
      const err = await failure(call(users, 'ListUsers', {}, metadata({ credential })));
      assert.equal(err.code, grpc.status.UNAUTHENTICATED, `credential ${credential}: ${err}`);
      errorInfo(err, { reason: 'UNAUTHENTICATED', httpStatus: undefined });
    }
  });
});

describe('OrgsService and MembershipsService', () => {
  test('an org, a membership in it, the list by org', async () => {
    const { org } = await call(orgs, 'CreateOrg', { org: { name: `Node Org ${randomUUID().slice(0, 8)}` } });
    assert.match(org.id, /^org_/);
    const { user } = await call(users, 'CreateUser', { user: { email: uniqueEmail('member') } });
    const { membership } = await call(memberships, 'CreateMembership', { membership: { org_id: org.id, user_id: user.id, permissions: ['admin'] } });
    assert.match(membership.id, /^mb_/);
    assert.deepEqual(membership.permissions, ['admin']);
    const page = await call(memberships, 'ListMemberships', { org_id: org.id });
    assert.deepEqual(page.collection.map((m) => m.id), [membership.id]);
    assert.equal(page.collection[0].user.id, user.id, 'listing by org embeds each user');
  });
});

describe('SessionsService', () => {
  test('a session made for a user is found by its token until it is deleted', async () => {
    const { user } = await call(users, 'CreateUser', { user: { email: uniqueEmail('session') } });
    const { session } = await call(sessions, 'CreateSession', { session: { user_id: user.id } });
    assert.match(session.id, /^kss_/);
    assert.equal(session.token.split('.').length, 3, 'the token is a JWT');
    const found = await call(sessions, 'GetSession', { id: session.token });
    assert.equal(found.session.id, session.id);
    await call(sessions, 'DeleteSession', { id: session.id });
    const err = await failure(call(sessions, 'GetSession', { id: session.token }));
    assert.equal(err.code, grpc.status.NOT_FOUND);
  });
});
