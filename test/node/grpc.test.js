// A @grpc/grpc-js client of the gateway's gRPC API that reads the rich status details (google.rpc.Status
// in the grpc-status-details-bin trailer). e2e/node_test.go starts the
// emulator and the gateway and sets GATEWAY_GRPC_ADDR, GATEWAY_TOKEN and
// AUTHROCKET_REALM.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const { GATEWAY_GRPC_ADDR: addr, GATEWAY_TOKEN: token, AUTHROCKET_REALM: realm } = process.env;
if (!addr || !token) throw new Error('set GATEWAY_GRPC_ADDR and GATEWAY_TOKEN (AUTHROCKET_REALM is optional)');

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const includeDirs = [path.join(top, 'proto'), path.join(top, 'third_party/proto')];

// loadProtos parses .proto files found in includeDirs with keepCase.
// protobufjs (7.6) cannot parse buf/validate/validate.proto (a list of
// messages in an option value: `cel: [{...}]`), so that file is marked as
// loaded without being read: its options matter to the server only, and
// protobufjs keeps the (buf.validate.field) options of our files unresolved.
function loadProtos(files) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    includeDirs.map((dir) => path.join(dir, target)).find(existsSync) ?? target;
  root.files.push(root.resolvePath('', 'buf/validate/validate.proto'));
  return root.loadSync(files, { keepCase: true });
}

const apiFiles = readdirSync(path.join(top, 'proto/authrocket/v2'))
  .filter((f) => f.endsWith('.proto'))
  .map((f) => `authrocket/v2/${f}`);
const definition = protoLoader.fromJSON(loadProtos(apiFiles).toJSON(), {
  keepCase: true, longs: String, enums: String, defaults: false, oneofs: true,
});
const { v2 } = grpc.loadPackageDefinition(definition).authrocket;
const creds = grpc.credentials.createInsecure();
const users = new v2.UsersService(addr, creds);
const orgs = new v2.OrgsService(addr, creds);
const memberships = new v2.MembershipsService(addr, creds);
const sessions = new v2.SessionsService(addr, creds);
after(() => [users, orgs, memberships, sessions].forEach((c) => c.close()));

// The google.rpc error model, from third_party/proto.
const rpc = loadProtos(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
const Status = rpc.lookupType('google.rpc.Status');

function metadata({ credential = token, locale } = {}) {
  const md = new grpc.Metadata();
  if (credential) md.set('authorization', `Bearer ${credential}`);
  if (realm) md.set('authrocket-realm', realm);
  if (locale) md.set('accept-language', locale);
  return md;
}

function call(client, method, request, md = metadata()) {
  return new Promise((resolve, reject) => {
    client[method](request, md, { deadline: Date.now() + 30_000 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// failure returns the ServiceError a call fails with.
async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('the call succeeded; it should have failed');
}

// details decodes grpc-status-details-bin: google.rpc.Status, then each Any
// by its type URL. It returns {ErrorInfo: […], RequestInfo: […], …}.
function details(err) {
  const [bin] = err.metadata.get('grpc-status-details-bin');
  assert.ok(Buffer.isBuffer(bin), 'the error carries grpc-status-details-bin');
  const st = Status.toObject(Status.decode(bin), { defaults: false, arrays: true });
  assert.equal(st.code, err.code, 'the details repeat the status code');
  assert.equal(st.message, err.details, 'and the message');
  const out = {};
  for (const any of st.details) {
    const name = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
    const type = rpc.lookupType(name);
    const short = name.replace(/^google\.rpc\./, '');
    (out[short] ??= []).push(type.toObject(type.decode(any.value), { defaults: false, arrays: true }));
  }
  return out;
}

// errorInfo checks DESIGN.md §4.2 (exactly one ErrorInfo in the gateway's
// domain, and a RequestInfo with AuthRocket's request ID when it answered)
// and returns the decoded details with single entries unwrapped.
function errorInfo(err, { reason, httpStatus }) {
  const all = details(err);
  assert.equal(all.ErrorInfo?.length, 1, 'exactly one ErrorInfo');
  assert.equal(all.RequestInfo?.length, 1, 'one RequestInfo');
  const d = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  assert.equal(d.ErrorInfo.domain, 'authrocket-gateway');
  assert.equal(d.ErrorInfo.reason, reason);
  assert.match(d.ErrorInfo.metadata.gatewayRequestId, /\S/);
  assert.equal(d.ErrorInfo.metadata.httpStatus, httpStatus);
  if (httpStatus) {
    assert.match(d.ErrorInfo.metadata.authrocketRequestId, /\S/);
    assert.equal(d.RequestInfo.request_id, d.ErrorInfo.metadata.authrocketRequestId, "RequestInfo holds AuthRocket's request ID");
  } else {
    assert.equal(d.ErrorInfo.metadata.authrocketRequestId, undefined, 'AuthRocket was not called');
  }
  return d;
}

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
