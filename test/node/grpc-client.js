// A @grpc/grpc-js client of the gateway's gRPC API, shared by the *.grpc
// tests: every authrocket.v2 service and the gateway's own (authrocket.gateway.v1)
// loaded from the .proto sources, and
// helpers that read the rich status details (google.rpc.Status in the
// grpc-status-details-bin trailer). e2e/node_test.go starts the emulator and
// the gateway and sets GATEWAY_GRPC_ADDR, GATEWAY_TOKEN and AUTHROCKET_REALM.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

export const { GATEWAY_GRPC_ADDR: addr, GATEWAY_TOKEN: token, AUTHROCKET_REALM: realm } = process.env;
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

const protosIn = (dir) => readdirSync(path.join(top, 'proto', dir))
  .filter((f) => f.endsWith('.proto'))
  .map((f) => `${dir}/${f}`);
const definition = protoLoader.fromJSON(loadProtos([...protosIn('authrocket/v2'), ...protosIn('authrocket/gateway/v1')]).toJSON(), {
  keepCase: true, longs: String, enums: String, defaults: false, oneofs: true,
});
const { v2, gateway } = grpc.loadPackageDefinition(definition).authrocket;
const creds = grpc.credentials.createInsecure();
const clients = [];
after(() => clients.forEach((c) => c.close()));

/** A client of the authrocket.v2 service name (e.g. 'UsersService'), closed after the tests. */
export function service(name) {
  assert.ok(v2[name], `no service authrocket.v2.${name}`);
  const c = new v2[name](addr, creds);
  clients.push(c);
  return c;
}

/** A client of the gateway's own service name (e.g. 'TokensService'), closed after the tests. */
export function gatewayService(name) {
  assert.ok(gateway.v1[name], `no service authrocket.gateway.v1.${name}`);
  const c = new gateway.v1[name](addr, creds);
  clients.push(c);
  return c;
}

// The google.rpc error model, from third_party/proto.
const rpc = loadProtos(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
const Status = rpc.lookupType('google.rpc.Status');

export function metadata({ credential = token, locale } = {}) {
  const md = new grpc.Metadata();
  if (credential) md.set('authorization', `Bearer ${credential}`);
  if (realm) md.set('authrocket-realm', realm);
  if (locale) md.set('accept-language', locale);
  return md;
}

export function call(client, method, request, md = metadata()) {
  return new Promise((resolve, reject) => {
    client[method](request, md, { deadline: Date.now() + 30_000 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// failure returns the ServiceError a call fails with.
export async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('the call succeeded; it should have failed');
}

// details decodes grpc-status-details-bin: google.rpc.Status, then each Any
// by its type URL. It returns {ErrorInfo: […], RequestInfo: […], …}.
export function details(err) {
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

// errorInfo checks docs/errors.md (exactly one ErrorInfo in the gateway's
// domain, and a RequestInfo with AuthRocket's request ID when it answered)
// and returns the decoded details with single entries unwrapped.
export function errorInfo(err, { reason, httpStatus }) {
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

