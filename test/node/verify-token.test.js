// The gateway verifies login tokens for services that hold no key at all:
// TokensService/VerifyToken over gRPC and POST /gateway/v1/tokens:verify on
// REST answer the session the SDKs build from the token, or why the token is
// not valid. A service that verifies tokens itself can take the gateway as
// its LOGINROCKET_URL (GET /connect/jwks). e2e/node_test.go runs it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthRocket } from './authrocket-client.js';
import { call, failure, gatewayService, metadata } from './grpc-client.js';
import { fromToken } from './login-token.js';

const { GATEWAY_REST_URL: restUrl, GATEWAY_TOKEN: credential } = process.env;
const suffix = () => randomUUID().slice(0, 8);

async function verifyREST(token, cred = credential) {
  const res = await fetch(`${restUrl}/gateway/v1/tokens:verify`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Authrocket-Api-Key': cred },
    body: JSON.stringify({ token }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.json() };
}

describe('VerifyToken', () => {
  const ar = AuthRocket.fromEnv();
  const tokens = gatewayService('TokensService');

  async function newSession() {
    const user = await ar.users.create({ email: `verify+${suffix()}@example.com`, first_name: 'Grace', last_name: 'Hopper' });
    return { user, session: await ar.sessions.create({ user_id: user.id }) };
  }

  test('over gRPC, a valid token answers its session and user', async () => {
    const { user, session } = await newSession();
    const res = await call(tokens, 'VerifyToken', { token: session.token });
    assert.equal(res.result, 'session');
    assert.equal(res.session.id, session.id);
    assert.equal(res.session.user_id, user.id);
    assert.equal(res.session.user.first_name, 'Grace');
    assert.equal(res.session.user.email, user.email);
  });

  test('over REST, the same as a flat AuthRocket session object', async () => {
    const { user, session } = await newSession();
    const { status, body } = await verifyREST(session.token);
    assert.equal(status, 200);
    assert.equal(body.object, 'session');
    assert.equal(body.id, session.id);
    assert.equal(body.user.id, user.id);
    assert.equal(typeof body.expires_at, 'number', 'times are epoch seconds, as AuthRocket writes them');
  });

  test('a tampered token is an answer with its reason, on both transports', async () => {
    const { session } = await newSession();
    const [h, p, s] = session.token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    claims.sub = 'usr_0someoneelse';
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const res = await call(tokens, 'VerifyToken', { token: tampered });
    assert.equal(res.result, 'invalid_token');
    assert.equal(res.invalid_token.reason, 'REASON_BAD_SIGNATURE');
    const { status, body } = await verifyREST(tampered);
    assert.equal(status, 200);
    assert.deepEqual([body.object, body.reason], ['invalid_token', 'REASON_BAD_SIGNATURE']);
    assert.match(body.message, /\S/);
  });

  test("the caller's own wrong credential is an error, not an answer", async () => {
    const { session } = await newSession();
    const err = await failure(call(tokens, 'VerifyToken', { token: session.token }, metadata({ credential: 'wrong' })));
    assert.equal(err.code, 16); // UNAUTHENTICATED
    assert.equal((await verifyREST(session.token, 'wrong')).status, 401);
  });

  test("the gateway's JWKS verifies tokens the SDK way (LOGINROCKET_URL = the gateway)", async () => {
    const { user, session } = await newSession();
    const verified = await fromToken(session.token, { loginrocketUrl: restUrl });
    assert.equal(verified?.user_id, user.id);
  });
});
