// A @grpc/grpc-js client of the gateway's gRPC API that reads the rich
// status details (google.rpc.Status in grpc-status-details-bin).
// e2e/node_test.go starts the gateway and sets GATEWAY_GRPC_ADDR and
// GATEWAY_TOKEN.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const addr = process.env.GATEWAY_GRPC_ADDR;
const token = process.env.GATEWAY_TOKEN;
if (!addr || !token) throw new Error('set GATEWAY_GRPC_ADDR and GATEWAY_TOKEN');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The API from its descriptor set (gen/descriptor, written by make generate):
// protobufjs cannot parse the buf/validate options in .proto text.
const definition = protoLoader.loadFileDescriptorSetFromBuffer(
  readFileSync(path.join(root, 'gen/descriptor/authrocket.binpb')),
  { keepCase: true, longs: String, defaults: false, oneofs: true },
);
const { authrocket } = grpc.loadPackageDefinition(definition);
const creds = grpc.credentials.createInsecure();
const users = new authrocket.v2.UsersService(addr, creds);
const orgs = new authrocket.v2.OrgsService(addr, creds);
after(() => { users.close(); orgs.close(); });

// The google.rpc error model, from the protos printed from the gateway's Go
// dependencies (third_party/proto).
const rpc = new protobuf.Root().loadSync([
  path.join(root, 'third_party/proto/google/rpc/status.proto'),
  path.join(root, 'third_party/proto/google/rpc/error_details.proto'),
], { keepCase: true });
const Status = rpc.lookupType('google.rpc.Status');

function withToken(tok = token) {
  const md = new grpc.Metadata();
  if (tok) md.set('authorization', `Bearer ${tok}`);
  return md;
}

function call(client, method, request, md = withToken()) {
  return new Promise((resolve, reject) => {
    client[method](request, md, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// details decodes the status details of a gRPC error into {TypeName: object}.
function details(err) {
  const [bin] = err.metadata.get('grpc-status-details-bin');
  assert.ok(bin, 'the error carries grpc-status-details-bin');
  const st = Status.toObject(Status.decode(bin), { defaults: false });
  assert.equal(st.code, err.code, 'the details repeat the status code');
  const out = {};
  for (const any of st.details) {
    const name = any.type_url.replace('type.googleapis.com/', '');
    const type = rpc.lookupType(name);
    out[name.replace('google.rpc.', '')] = type.toObject(type.decode(any.value), { defaults: false });
  }
  return out;
}

const unique = (name) => `${name}-${randomUUID().slice(0, 8)}@example.com`;

test('CreateUser and GetUser', async () => {
  const email = unique('grpc');
  const { user } = await call(users, 'CreateUser', { user: { email, first_name: 'Ada' } });
  assert.equal(user.object, 'user');
  assert.match(user.id, /^usr_/);
  assert.equal(user.email, email);
  assert.ok(Number(user.created_at.seconds) > 1_700_000_000, 'created_at is a Timestamp');
  const got = await call(users, 'GetUser', { id: email });
  assert.equal(got.user.id, user.id);
});

test('GetUser on a missing ID: NOT_FOUND with ErrorInfo, RequestInfo and ResourceInfo', async () => {
  const err = await call(users, 'GetUser', { id: 'usr_missing' }).catch((e) => e);
  assert.equal(err.code, grpc.status.NOT_FOUND);
  const d = details(err);
  assert.equal(d.ErrorInfo.domain, 'authrocket-gateway');
  assert.equal(d.ErrorInfo.reason, 'AUTHROCKET_NOT_FOUND');
  assert.equal(d.ErrorInfo.metadata.httpStatus, '404');
  assert.match(d.ErrorInfo.metadata.gatewayRequestId, /\S/);
  assert.equal(d.RequestInfo.request_id, d.ErrorInfo.metadata.authrocketRequestId);
  assert.equal(d.ResourceInfo.resource_type, 'user');
  assert.equal(d.ResourceInfo.resource_name, 'usr_missing');
});

test('CreateUser with a taken email: INVALID_ARGUMENT with BadRequest (AuthRocket 422)', async () => {
  const email = unique('dup');
  await call(users, 'CreateUser', { user: { email } });
  const err = await call(users, 'CreateUser', { user: { email } }).catch((e) => e);
  assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
  assert.equal(err.details, 'Email has already been taken');
  const d = details(err);
  assert.equal(d.ErrorInfo.reason, 'AUTHROCKET_VALIDATION_FAILED');
  assert.equal(d.ErrorInfo.metadata.httpStatus, '422');
  assert.equal(d.RequestInfo.request_id, d.ErrorInfo.metadata.authrocketRequestId);
  assert.deepEqual(d.BadRequest.field_violations.map((v) => v.description), ['Email has already been taken']);
});

test('an invalid ID is refused by the gateway with BadRequest', async () => {
  const err = await call(orgs, 'GetOrg', { id: '../usr_1' }).catch((e) => e);
  assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
  const d = details(err);
  assert.equal(d.ErrorInfo.metadata.httpStatus, undefined, 'AuthRocket was not called');
  assert.ok(d.BadRequest.field_violations.length > 0);
});

test('OrgsService round trip', async () => {
  const { org } = await call(orgs, 'CreateOrg', { org: { name: 'Node Org' } });
  assert.match(org.id, /^org_/);
  const { collection } = await call(orgs, 'ListOrgs', { max_results: 1000 });
  assert.ok(collection.some((o) => o.id === org.id));
});

test('a call without credential: UNAUTHENTICATED', async () => {
  const err = await call(users, 'ListUsers', {}, withToken(null)).catch((e) => e);
  assert.equal(err.code, grpc.status.UNAUTHENTICATED);
  assert.equal(details(err).ErrorInfo.reason, 'UNAUTHENTICATED');
});
