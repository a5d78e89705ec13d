// One-time user tokens through the REST facade (authrocket-client.js), the
// way an AuthRocket SDK user drives "forgot password" and email
// verification, and the same UsersService RPCs over gRPC (grpc-client.js).
// e2e/node_test.go starts the emulator and the gateway and sets
// GATEWAY_REST_URL, GATEWAY_GRPC_ADDR, GATEWAY_TOKEN and AUTHROCKET_REALM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const uniqueEmail = (name) => `${name}+${randomUUID().slice(0, 8)}@example.com`;

describe('user tokens over REST', () => {
  test('generate_password_token, then reset_password_with_token logs the user in, once', async () => {
    const email = uniqueEmail('forgot');
    const user = await ar.users.create({ email, password: 'forgotten password' });
    const tok = await ar.users.generatePasswordToken(email);
    assert.equal(responseOf(tok).status, 200);
    assert.deepEqual(Object.keys(tok).sort(), ['object', 'token', 'user_id']);
    assert.equal(tok.object, 'token');
    assert.match(tok.token, /^tpw:/);
    assert.equal(tok.user_id, user.id);

    const session = await ar.users.resetPasswordWithToken({ token: tok.token, password: 'brand new password', password_confirmation: 'brand new password' });
    assert.equal(responseOf(session).status, 201);
    assert.equal(session.object, 'session');
    assert.equal(session.user_id, user.id);
    assert.match(session.token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
    assert.equal((await ar.users.authenticate(user.id, { password: 'brand new password' })).object, 'session');

    const again = await failure(ar.users.resetPasswordWithToken({ token: tok.token, password: 'third password' }));
    assert.ok(again instanceof ValidationError, `${again}`);
    assert.deepEqual(again.errors, ['Token is invalid']);
  });

  test('a short password keeps the token for another try', async () => {
    const user = await ar.users.create({ email: uniqueEmail('short'), password: 'first password' });
    const { token } = await ar.users.generatePasswordToken(user.id);
    const short = await failure(ar.users.resetPasswordWithToken({ token, password: 'short' }));
    assert.deepEqual(short.errors, ['Password is too short (minimum is 8 characters)']);
    assert.equal((await ar.users.resetPasswordWithToken({ token, password: 'long enough' })).object, 'session');
  });

  test('request_email_verification, then verify_email', async () => {
    const user = await ar.users.create({ email: uniqueEmail('verify') });
    assert.equal(user.email_verification, 'none');
    const tok = await ar.users.requestEmailVerification(user.id);
    assert.match(tok.token, /^tve:/);
    assert.equal(tok.user_id, user.id);
    assert.equal((await ar.users.find(user.id)).email_verification, 'requested');
    const verified = await ar.users.verifyEmail({ token: tok.token });
    assert.equal(responseOf(verified).status, 200);
    assert.equal(verified.id, user.id);
    assert.equal(verified.email_verification, 'verified');
    const again = await failure(ar.users.verifyEmail({ token: tok.token }));
    assert.equal(again.status, 422);
  });

  test('a token of the wrong kind is refused by the gateway', async () => {
    const user = await ar.users.create({ email: uniqueEmail('kind'), password: 'some password' });
    const { token } = await ar.users.requestEmailVerification(user.id);
    const err = await failure(ar.users.resetPasswordWithToken({ token, password: 'new password' }));
    assert.equal(err.status, 400, `${err}`);
    assert.equal(err.detail('ErrorInfo').reason, 'INVALID_REQUEST');
  });
});

describe('UsersService tokens over gRPC', () => {
  const users = service('UsersService');

  test('GenerateUserPasswordToken and ResetUserPasswordWithToken (the session oneof)', async () => {
    const email = uniqueEmail('grpc-forgot');
    const { user } = await call(users, 'CreateUser', { user: { email, password: 'forgotten password' } });
    const { token } = await call(users, 'GenerateUserPasswordToken', { id: email });
    assert.equal(token.object, 'token');
    assert.match(token.token, /^tpw:/);
    assert.equal(token.user_id, user.id);
    const res = await call(users, 'ResetUserPasswordWithToken', { user: { token: token.token, password: 'brand new password' } });
    assert.equal(res.result, 'session');
    assert.equal(res.session.user_id, user.id);
    const err = await failure(call(users, 'ResetUserPasswordWithToken', { user: { token: token.token, password: 'brand new password' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    assert.equal(err.details, 'Token is invalid');
    errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
  });

  test('RequestUserEmailVerification and VerifyUserEmail', async () => {
    const { user } = await call(users, 'CreateUser', { user: { email: uniqueEmail('grpc-verify') } });
    const { token } = await call(users, 'RequestUserEmailVerification', { id: user.id });
    assert.match(token.token, /^tve:/);
    const res = await call(users, 'VerifyUserEmail', { user: { token: token.token } });
    assert.equal(res.user.id, user.id);
    assert.equal(res.user.email_verification, 'verified');
  });
});
