// Credentials and logins with a second factor, through the REST facade
// (authrocket-client.js) and CredentialsService / UsersService over gRPC
// (grpc-client.js): a TOTP authenticator is enrolled and verified with real
// RFC 6238 codes, then authenticate answers a tmf: token that
// authenticate_token turns into a session. The tests work in a realm of
// their own, whose totp provider they activate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const uniqueEmail = (name) => `${name}+${randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = 'quick-fox-jumped-over-the-moon';

// totp is RFC 6238 as authenticator apps compute it: HMAC-SHA-1 of the
// 30-second step count, dynamic truncation, 6 digits. secret is base32.
function totp(secret, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('totp matches the RFC 6238 test vector', () => {
  // Secret "12345678901234567890" in base32; T = 59 s gives 94287082, whose last six digits are the 6-digit code.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000), '287082');
});

let realm;
let ar;
let totpProvider;

before(async () => {
  realm = await AuthRocket.fromEnv().realms.create({ name: `node credentials ${randomUUID().slice(0, 8)}` });
  ar = AuthRocket.fromEnv({ realm: realm.id });
  // As the SDK test helper activateTotpAuthProvider does.
  const found = await ar.authProviders.find('totp', { realm_id: realm.id });
  totpProvider = await ar.authProviders.update(found.id, { state: 'active' });
  assert.equal(totpProvider.state, 'active');
});
after(async () => {
  if (realm) await AuthRocket.fromEnv().realms.delete(realm.id);
});

describe('credentials (REST)', () => {
  test('the password credential: find, update, delete', async () => {
    const user = await ar.users.create({ email: uniqueEmail('pw'), password: PASSWORD, first_name: 'george' });
    const credential = user.credentials[0];
    const found = await ar.credentials.find(credential.id);
    assert.equal(found.object, 'credential');
    assert.equal(found.credential_type, 'password');
    assert.equal(found.user_id, user.id);

    await ar.credentials.update(credential.id, { password: '93uairgejkfdlgd' });
    const session = await ar.users.authenticate(user.id, { password: '93uairgejkfdlgd' });
    assert.equal(session.object, 'session');

    await ar.credentials.delete(credential.id);
    assert.ok((await failure(ar.credentials.find(credential.id))) instanceof RecordNotFound);
    assert.deepEqual((await ar.users.find(user.id)).credentials, []);
  });

  test('TOTP: create, verify, then log in with authenticate and authenticateToken', async () => {
    const email = uniqueEmail('totp');
    const user = await ar.users.create({ email, password: PASSWORD });
    const created = await ar.credentials.create({
      user_id: user.id, auth_provider_id: totpProvider.id, credential_type: 'totp', name: 'Test',
    });
    assert.equal(responseOf(created).status, 201);
    assert.equal(created.object, 'credential');
    assert.match(created.id, /^crd_/);
    assert.equal(created.state, 'new');
    assert.match(created.otp_secret, /^[A-Z2-7]{32}$/);
    assert.match(created.provisioning_uri, /^otpauth:\/\/totp\//);
    assert.match(created.provisioning_svg, /^<svg /);

    const wrong = await failure(ar.credentials.verify(created.id, { code: '123456' === totp(created.otp_secret) ? '654321' : '123456' }));
    assert.ok(wrong instanceof ValidationError);
    assert.match(wrong.errorMessages(), /Verification failed/);
    const verified = await ar.credentials.verify(created.id, { code: totp(created.otp_secret) });
    assert.equal(verified.state, 'active');
    assert.equal(verified.otp_secret, undefined, 'the secret is shown only while new');
    const renamed = await ar.credentials.update(created.id, { name: 'Phone' });
    assert.equal(renamed.name, 'Phone');

    const token = await ar.users.authenticate(email, { password: PASSWORD });
    assert.equal(token.object, 'token');
    assert.match(token.token, /^tmf:/);
    assert.equal(token.user_id, user.id);
    const failed = await failure(ar.users.authenticateToken({ token: token.token, code: totp(created.otp_secret, Date.now() + 10 * 60_000) }));
    assert.ok(failed instanceof ValidationError);
    assert.equal(failed.errorMessages(), 'Login failed');
    const session = await ar.users.authenticateToken({ token: token.token, code: totp(created.otp_secret) });
    assert.equal(responseOf(session).status, 201);
    assert.equal(session.object, 'session');
    assert.equal(session.user_id, user.id);
    assert.match(session.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const used = await failure(ar.users.authenticateToken({ token: token.token, code: totp(created.otp_secret) }));
    assert.match(used.errorMessages(), /Token is invalid or has expired/);

    await ar.credentials.delete(created.id);
    assert.equal((await ar.users.authenticate(email, { password: PASSWORD })).object, 'session', 'no second factor without the credential');
  });
});

describe('CredentialsService and AuthenticateUserToken (gRPC)', () => {
  const creds = service('CredentialsService');
  const users = service('UsersService');

  test('CreateCredential, VerifyCredential, then AuthenticateUser answers the token oneof', async () => {
    const email = uniqueEmail('grpc-totp');
    const { user } = await call(users, 'CreateUser', { realm_id: realm.id, user: { email, password: PASSWORD } });
    const { credential } = await call(creds, 'CreateCredential', {
      realm_id: realm.id, credential: { user_id: user.id, credential_type: 'totp', name: 'Phone' },
    });
    assert.equal(credential.state, 'new');
    assert.ok(credential.otp_secret);

    const err = await failure(call(creds, 'VerifyCredential', { id: credential.id, realm_id: realm.id, credential: { code: 'abcdef' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    const d = errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
    assert.equal(d.BadRequest.field_violations[0].description, 'Verification failed');
    const { credential: verified } = await call(creds, 'VerifyCredential', { id: credential.id, realm_id: realm.id, credential: { code: totp(credential.otp_secret) } });
    assert.equal(verified.state, 'active');
    const { credential: got } = await call(creds, 'GetCredential', { id: credential.id, realm_id: realm.id });
    assert.equal(got.credential_type, 'totp');

    const auth = await call(users, 'AuthenticateUser', { id: email, realm_id: realm.id, user: { password: PASSWORD } });
    assert.equal(auth.result, 'token');
    const { session } = await call(users, 'AuthenticateUserToken', { realm_id: realm.id, user: { token: auth.token.token, code: totp(credential.otp_secret) } });
    assert.equal(session.user_id, user.id);
    assert.ok(session.token);
  });

  test('AuthenticateUserToken refuses a token that is not tmf: before AuthRocket', async () => {
    const err = await failure(call(users, 'AuthenticateUserToken', { realm_id: realm.id, user: { token: 'tpw:abc', code: '123456' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
