// Over TLS: the gateway's certificate checked against ca, and the caller
// identified by its client certificate (cert + key) instead of a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Code, createGatewayClient, GatewayError } from '@authrocket-gateway/client';
import { UsersService } from '@authrocket-gateway/client/gen/authrocket/v2/users_pb.js';
import { failure } from './env.js';

const { GATEWAY_TLS_URL: baseUrl, GATEWAY_CA_FILE, GATEWAY_CLIENT_CERT_FILE, GATEWAY_CLIENT_KEY_FILE } = process.env;
const ca = readFileSync(GATEWAY_CA_FILE);

test('mTLS: the client certificate is the credential', async () => {
  const users = createGatewayClient(UsersService, {
    baseUrl, ca, cert: readFileSync(GATEWAY_CLIENT_CERT_FILE), key: readFileSync(GATEWAY_CLIENT_KEY_FILE), timeoutMs: 10_000,
  });
  const page = await users.listUsers({ maxResults: 1 });
  assert.ok(Array.isArray(page.collection));
  const err = await failure(users.deleteUser({ id: 'usr_0nobody' }));
  assert.ok(err instanceof GatewayError, `${err}`);
  assert.equal(err.code, Code.PermissionDenied, 'held to its policy: UsersService/List* only');
  assert.equal(err.reason, 'METHOD_NOT_ALLOWED');
});

test('TLS without a client certificate: a token no caller has is UNAUTHENTICATED', async () => {
  const users = createGatewayClient(UsersService, { baseUrl, ca, token: 'not-a-credential', timeoutMs: 10_000 });
  const err = await failure(users.listUsers({}));
  assert.equal(err.code, Code.Unauthenticated);
});
