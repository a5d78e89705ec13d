// TokensService/VerifyToken: the gateway verifies a session's login token
// with the realm's key; an invalid token is an answer, not an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokensService } from '@authrocket-gateway/client/gen/authrocket/gateway/v1/tokens_pb.js';
import { InvalidToken_Reason } from '@authrocket-gateway/client/gen/authrocket/gateway/v1/tokens_pb.js';
import { SessionsService } from '@authrocket-gateway/client/gen/authrocket/v2/sessions_pb.js';
import { UsersService } from '@authrocket-gateway/client/gen/authrocket/v2/users_pb.js';
import { client, suffix } from './env.js';

const users = client(UsersService);
const sessions = client(SessionsService);
const tokens = client(TokensService);

test('a new session\'s token verifies to that session and user; a tampered one does not', async () => {
  const { user } = await users.createUser({ user: { email: `verify+${suffix()}@example.com`, firstName: 'Grace' } });
  const { session } = await sessions.createSession({ session: { userId: user.id } });
  assert.match(session.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

  const res = await tokens.verifyToken({ token: session.token });
  assert.equal(res.result.case, 'session');
  assert.equal(res.result.value.id, session.id);
  assert.equal(res.result.value.userId, user.id);
  assert.equal(res.result.value.user.firstName, 'Grace');

  const [h, p, s] = session.token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  claims.sub = 'usr_0someoneelse';
  const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
  const bad = await tokens.verifyToken({ token: tampered });
  assert.equal(bad.result.case, 'invalidToken');
  assert.equal(bad.result.value.reason, InvalidToken_Reason.BAD_SIGNATURE);
});
