// OAuth2 sessions through the REST facade (as the Ruby SDK's Oauth2Session:
// find, create, code_to_token) and SessionsService's OAuth2 RPCs over gRPC:
// a code for an oauth2 client app, exchanged once with the app's secret for
// tokens that verify with the realm's JWKS.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, AuthRocketError, ValidationError, responseOf } from './authrocket-client.js';
import { call, failure, service } from './grpc-client.js';
import { decode, fetchJwks, verifyWithJwks } from './jwks.js';

const ar = AuthRocket.fromEnv();
const suffix = () => randomUUID().slice(0, 8);

async function setup() {
  const app = await ar.clientApps.create({ client_type: 'oauth2', name: `oauth2 ${suffix()}`, redirect_uris: ['https://app.example/cb'] });
  const user = await ar.users.create({ email: `oauth2+${suffix()}@example.com`, first_name: 'Oa' });
  return { app, user };
}

describe('sessions/oauth2 (REST)', () => {
  test('create issues a code; code_to_token exchanges it once, with the right secret', async () => {
    const { app, user } = await setup();
    const started = await ar.oauth2Sessions.create({ client_app_id: app.id, user_id: user.id });
    assert.equal(responseOf(started).status, 201);
    assert.equal(started.object, 'oauth2_session');
    assert.match(started.id, /^kss_/);
    assert.equal(started.redirect_uri, 'https://app.example/cb');
    assert.equal((await ar.oauth2Sessions.find(started.id)).code, started.code);

    const wrong = await ar.oauth2Sessions.codeToToken({ client_app_id: app.id, client_app_secret: 'nope', code: started.code }).catch((e) => e);
    assert.ok(wrong instanceof ValidationError, `${wrong}`);
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.errors, ['Client app secret is invalid']);
    const es = AuthRocket.fromEnv({ locale: 'es' });
    const badCode = await es.oauth2Sessions.codeToToken({ client_app_id: app.id, client_app_secret: app.secret, code: 'nope' }).catch((e) => e);
    assert.deepEqual(badCode.errors, ['Código no es válido']);

    const tok = await ar.oauth2Sessions.codeToToken({ client_app_id: app.id, client_app_secret: app.secret, code: started.code });
    assert.equal(tok.id, started.id);
    assert.equal(tok.token_type, 'Bearer');
    assert.ok(tok.expires_in > 0);
    assert.equal(tok.profile.sub, user.id);
    assert.equal(tok.profile.given_name, 'Oa');
    const jwks = await fetchJwks(process.env.LOGINROCKET_URL);
    assert.equal(verifyWithJwks(tok.access_token, jwks)?.sid, started.id, 'the access token is the session token');
    assert.equal(verifyWithJwks(tok.id_token, jwks)?.aud, app.id, "the id token's audience is the app");
    assert.equal(decode(tok.access_token).header.kid, jwks.keys[0].kid);
    const session = await ar.sessions.find(tok.access_token);
    assert.equal(session.client_app_id, app.id);

    const again = await ar.oauth2Sessions.codeToToken({ client_app_id: app.id, client_app_secret: app.secret, code: started.code }).catch((e) => e);
    assert.deepEqual(again.errors, ['Code is invalid'], 'a code is exchanged once');
  });

  test('sessions/oauth2 is never taken for a session ID', async () => {
    const err = await ar.sessions.find('oauth2').catch((e) => e);
    assert.ok(err instanceof AuthRocketError, `${err}`);
    assert.equal(err.status, 400, 'GetSession refuses "oauth2" as an ID');
    const { app, user } = await setup();
    const started = await ar.oauth2Sessions.create({ client_app_id: app.id, user_id: user.id });
    const notYet = await ar.sessions.find(started.id).catch((e) => e);
    assert.equal(notYet.status, 404, 'a code is not a session until the exchange');
  });
});

describe('SessionsService OAuth2 (gRPC)', () => {
  const sessions = service('SessionsService');

  test('CreateOauth2Session, GetOauth2Session, ExchangeOauth2Code', async () => {
    const { app, user } = await setup();
    const { session: started } = await call(sessions, 'CreateOauth2Session', { session: { client_app_id: app.id, user_id: user.id } });
    assert.equal(started.object, 'oauth2_session');
    assert.equal((await call(sessions, 'GetOauth2Session', { id: started.id })).session.code, started.code);
    const bad = await failure(call(sessions, 'ExchangeOauth2Code', { session: { client_app_id: app.id, client_app_secret: 'x', code: started.code } }));
    assert.equal(bad.code, grpc.status.INVALID_ARGUMENT, `${bad}`);
    assert.equal(bad.details, 'Client app secret is invalid');
    const { session: tok } = await call(sessions, 'ExchangeOauth2Code', { session: { client_app_id: app.id, client_app_secret: app.secret, code: started.code } });
    assert.equal(tok.token_type, 'Bearer');
    assert.match(tok.access_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(tok.code, undefined);
  });
});
