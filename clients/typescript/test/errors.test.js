// The rest of the error contract as GatewayError: deadlines, a method the
// caller's policy refuses, a wrong credential, AuthRocket's rate limit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Code, createGatewayClient, GatewayError, toGatewayError } from '@authrocket-gateway/client';
import { RealmsService } from '@authrocket-gateway/client/gen/authrocket/v2/realms_pb.js';
import { UsersService } from '@authrocket-gateway/client/gen/authrocket/v2/users_pb.js';
import { baseUrl, client, failure, rateLimitedUserId, realm, slowUserId, token } from './env.js';

describe('errors', () => {
  test('a tiny timeout is DEADLINE_EXCEEDED', async () => {
    const err = await failure(client(UsersService).listUsers({}, { timeoutMs: 1 }));
    assert.ok(err instanceof GatewayError, `${err}`);
    assert.equal(err.code, Code.DeadlineExceeded);
    assert.equal(err.codeName, 'DEADLINE_EXCEEDED');
  });

  test("the client's default deadline bounds a slow call", async (t) => {
    const users = createGatewayClient(UsersService, { baseUrl, token, realm, timeoutMs: 400 });
    const start = performance.now();
    const err = await failure(users.getUser({ id: slowUserId }));
    const elapsed = performance.now() - start;
    assert.ok(err instanceof GatewayError, `${err}`);
    assert.equal(err.code, Code.DeadlineExceeded);
    assert.ok(elapsed < 3_000, `ended after ${Math.round(elapsed)} ms; AuthRocket takes 10 s here`);
    // The gateway answers 20 ms before the caller's deadline, so it is
    // usually its answer, with its reason; else the client's own.
    if (err.reason !== undefined) assert.equal(err.reason, 'DEADLINE_EXCEEDED');
    t.diagnostic(`after ${Math.round(elapsed)} ms, reason ${err.reason ?? "none: the client's own deadline passed first"}`);
  });

  test('a method outside the caller\'s policy is PERMISSION_DENIED', async () => {
    const err = await failure(client(RealmsService).getRealm({ id: realm }));
    assert.ok(err instanceof GatewayError, `${err}`);
    assert.equal(err.code, Code.PermissionDenied);
    assert.equal(err.codeName, 'PERMISSION_DENIED');
    assert.equal(err.reason, 'METHOD_NOT_ALLOWED');
    assert.equal(err.domain, 'authrocket-gateway');
    assert.match(err.gatewayRequestId, /\S/);
    assert.equal(err.requestId, err.gatewayRequestId, 'AuthRocket was not asked');
    assert.equal(err.httpStatus, undefined);
  });

  test('a wrong credential is UNAUTHENTICATED', async () => {
    const users = createGatewayClient(UsersService, { baseUrl, token: 'not-a-credential', timeoutMs: 5_000 });
    const err = await failure(users.listUsers({}));
    assert.equal(err.code, Code.Unauthenticated);
    assert.equal(err.reason, 'UNAUTHENTICATED');
  });

  test("AuthRocket's rate limit is RESOURCE_EXHAUSTED with its Retry-After as retryDelayMs", async () => {
    const err = await failure(client(UsersService).getUser({ id: rateLimitedUserId }));
    assert.equal(err.code, Code.ResourceExhausted);
    assert.equal(err.reason, 'AUTHROCKET_RATE_LIMITED');
    assert.equal(err.httpStatus, 429);
    assert.equal(err.retryDelayMs, 7_000);
  });

  test('toGatewayError leaves a GatewayError as it is and wraps anything else', async () => {
    const err = await failure(client(UsersService).getUser({ id: 'usr_0doesnotexist' }));
    assert.equal(toGatewayError(err), err);
    const other = toGatewayError(new TypeError('boom'));
    assert.ok(other instanceof GatewayError);
    assert.equal(other.codeName, 'UNKNOWN');
    assert.equal(other.reason, undefined);
    assert.deepEqual(other.fieldViolations, []);
  });
});
