// LoginRocket domains through the REST facade (as the Node SDK's
// createDomain helper calls it) and DomainsService over gRPC; the realm's
// JWKS at LOGINROCKET_URL and at a domain's uri verifies session tokens with
// node:crypto. e2e/node_test.go sets LOGINROCKET_URL to the emulator's
// LoginRocket URL of the env realm.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';
import { decode, fetchJwks, verifyWithJwks } from './jwks.js';

const { LOGINROCKET_URL: loginrocketUrl } = process.env;
if (!loginrocketUrl) throw new Error('set LOGINROCKET_URL');

const ar = AuthRocket.fromEnv();
const suffix = () => randomUUID().slice(0, 8);

// getByHost fetches path from the emulator with Host set to a LoginRocket
// host, as a browser on https://<fqdn> would reach it.
function getByHost(path, host) {
  const origin = new URL(loginrocketUrl);
  return new Promise((resolve, reject) => {
    http.get({ host: origin.hostname, port: origin.port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: body ? JSON.parse(body) : null }));
    }).on('error', reject);
  });
}

describe('domains (REST)', () => {
  test('a session token verifies with the JWKS at LOGINROCKET_URL, by kid, from n/e and from x5c', async () => {
    const user = await ar.users.create({ email: `jwks+${suffix()}@example.com` });
    const session = await ar.sessions.create({ user_id: user.id });
    const jwks = await fetchJwks(loginrocketUrl);
    assert.equal(jwks.keys.length, 1, 'a fresh realm has one RS256 key');
    const [key] = jwks.keys;
    assert.equal(key.kty, 'RSA');
    assert.equal(key.use, 'sig');
    assert.equal(key.kid, decode(session.token).header.kid);
    const claims = verifyWithJwks(session.token, jwks);
    assert.ok(claims, 'the token verifies');
    assert.equal(claims.sub, user.id);
    assert.equal(claims.sid, session.id);
    assert.equal(claims.iss, 'https://authrocket.com');
    const [h, , s] = session.token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'usr_other' })).toString('base64url')}.${s}`;
    assert.equal(verifyWithJwks(forged, jwks), null, 'changed claims do not verify');
  });

  test('create (201), find, list, update, verify and delete; the uri serves the JWKS', async () => {
    const d = await ar.domains.create({ domain_type: 'loginrocket' });
    assert.equal(responseOf(d).status, 201);
    assert.equal(d.object, 'domain');
    assert.match(d.fqdn, /^[a-z0-9]+\.loginrocket\.localhost$/);
    assert.equal(d.dns_state, 'verified');
    assert.equal(d.cert_state, 'issued');
    const user = await ar.users.create({ email: `dom+${suffix()}@example.com` });
    const { token } = await ar.sessions.create({ user_id: user.id });
    assert.ok(verifyWithJwks(token, await fetchJwks(d.uri)), "the domain's uri is a LOGINROCKET_URL");
    const byHost = await getByHost('/connect/jwks', d.fqdn);
    assert.equal(byHost.status, 200, 'the same JWKS on the LoginRocket host itself');
    assert.ok(verifyWithJwks(token, byHost.body));

    assert.equal((await ar.domains.find(d.id)).fqdn, d.fqdn);
    const ids = [];
    for (let after; ;) {
      const page = await ar.domains.all({ max_results: 1, after, domain_type: 'loginrocket' });
      assert.ok(page.collection.length <= 1);
      ids.push(...page.collection.map((x) => x.id));
      if (!page.more_results) break;
      after = page.collection.at(-1).id;
    }
    assert.ok(ids.includes(d.id), 'paging reaches the new domain');

    const sub = `node-${suffix()}`;
    const up = await ar.domains.update(d.id, { subdomain: sub });
    assert.equal(up.fqdn, `${sub}.loginrocket.localhost`);
    const err = await ar.domains.update(d.id, { domain_type: 'custom' }).catch((e) => e);
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.deepEqual(err.errors, ["Domain type can't be changed"]);

    // The attribute `domain` has the root's name, so the SDKs take the
    // attributes as already wrapped: wrap them by hand, as an SDK user must.
    const custom = await ar.domains.create({ domain: { domain_type: 'custom', domain: `login-${suffix()}.example.com` } });
    assert.equal(custom.dns_state, 'pending');
    assert.equal((await getByHost('/connect/jwks', custom.fqdn)).status, 404, 'not serving before verify');
    const verified = await ar.domains.verify(custom.id, {});
    assert.equal(verified.dns_state, 'verified');
    assert.equal((await getByHost('/connect/jwks', custom.fqdn)).status, 200);

    await ar.domains.delete(d.id);
    await ar.domains.delete(custom.id);
    assert.ok((await ar.domains.find(d.id).catch((e) => e)) instanceof RecordNotFound);
    assert.equal((await getByHost('/connect/jwks', up.fqdn)).status, 404, 'a deleted domain no longer serves');
  });
});

describe('DomainsService (gRPC)', () => {
  const domains = service('DomainsService');

  test('CreateDomain, GetDomain, ListDomains, UpdateDomain, VerifyDomain, DeleteDomain', async () => {
    const { domain } = await call(domains, 'CreateDomain', { domain: { domain_type: 'loginrocket' } });
    assert.equal(domain.object, 'domain');
    assert.equal((await call(domains, 'GetDomain', { id: domain.id })).domain.fqdn, domain.fqdn);
    const list = await call(domains, 'ListDomains', { domain_type: 'loginrocket' });
    assert.ok(list.collection.some((x) => x.id === domain.id));
    const sub = `grpc-${suffix()}`;
    assert.equal((await call(domains, 'UpdateDomain', { id: domain.id, domain: { subdomain: sub } })).domain.subdomain, sub);
    assert.equal((await call(domains, 'VerifyDomain', { id: domain.id })).domain.dns_state, 'verified');
    assert.equal((await call(domains, 'DeleteDomain', { id: domain.id })).domain.id, domain.id);
    const err = await failure(call(domains, 'GetDomain', { id: domain.id }));
    assert.equal(err.code, grpc.status.NOT_FOUND);
  });

  test('a hostile ID is INVALID_ARGUMENT before AuthRocket', async () => {
    const err = await failure(call(domains, 'VerifyDomain', { id: 'dom_1/../../users' }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
