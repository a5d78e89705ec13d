// UsersService through the generated client and the helper: the calls a
// service makes, and the gateway's errors as GatewayError.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Code, GatewayError } from '@authrocket-gateway/client';
import { UsersService } from '@authrocket-gateway/client/gen/authrocket/v2/users_pb.js';
import { client, failure, realm, suffix } from './env.js';

const users = client(UsersService);

describe('UsersService', () => {
  test('create, get and list a user', async () => {
    const email = `ts+${suffix()}@example.com`;
    const { user } = await users.createUser({ user: { email, firstName: 'Ada', lastName: 'Lovelace', password: 'correct horse battery' } });
    assert.match(user.id, /^usr_/);
    assert.equal(user.realmId, realm);
    assert.equal(user.email, email);

    const got = await users.getUser({ id: user.id });
    assert.equal(got.user.id, user.id);
    assert.equal(got.user.firstName, 'Ada');
    assert.ok(got.user.createdAt, 'timestamps come as google.protobuf.Timestamp');

    const byEmail = await users.getUser({ id: email });
    assert.equal(byEmail.user.id, user.id, 'GetUser takes an email too');

    const list = await users.listUsers({ email });
    assert.deepEqual(list.collection.map((u) => u.id), [user.id]);
    assert.equal(list.moreResults, false);
  });

  test('a paging loop over ListUsers: max_results and after', async () => {
    const reference = `ts-page-${suffix()}`;
    const created = [];
    for (let i = 0; i < 5; i++) {
      const { user } = await users.createUser({ user: { email: `page${i}+${suffix()}@example.com`, reference } });
      created.push(user.id);
    }
    const seen = [];
    let after;
    let pages = 0;
    for (;;) {
      const page = await users.listUsers({ maxResults: 2, after });
      assert.ok(page.collection.length <= 2, `a page of ${page.collection.length}`);
      seen.push(...page.collection.map((u) => u.id));
      pages++;
      if (!page.moreResults) break;
      after = page.collection.at(-1).id;
      assert.ok(pages < 1000, 'paging does not end');
    }
    assert.ok(pages >= 3, `${pages} pages for at least 5 users`);
    assert.equal(new Set(seen).size, seen.length, 'no user on two pages');
    for (const id of created) assert.ok(seen.includes(id), `${id} on no page`);
    // The same five by their reference, in one page.
    const mine = await users.listUsers({ reference, maxResults: 10 });
    assert.deepEqual(mine.collection.map((u) => u.id).sort(), [...created].sort());
  });

  test('an unknown user is NOT_FOUND, with AuthRocket\'s status and request IDs', async () => {
    const err = await failure(users.getUser({ id: 'usr_0doesnotexist' }));
    assert.ok(err instanceof GatewayError, `${err}`);
    assert.equal(err.code, Code.NotFound);
    assert.equal(err.codeName, 'NOT_FOUND');
    assert.equal(err.reason, 'AUTHROCKET_NOT_FOUND');
    assert.equal(err.domain, 'authrocket-gateway');
    assert.equal(err.httpStatus, 404);
    assert.match(err.gatewayRequestId, /\S/);
    assert.match(err.authrocketRequestId, /\S/);
    assert.equal(err.requestId, err.authrocketRequestId, 'RequestInfo names AuthRocket\'s request when it answered');
    assert.equal(err.retryDelayMs, undefined);
    assert.deepEqual(err.fieldViolations, []);
    assert.equal(err.cause.name, 'ConnectError');
  });

  test('a duplicate email is AuthRocket\'s validation failure, with its field violations', async () => {
    const email = `dup+${suffix()}@example.com`;
    await users.createUser({ user: { email } });
    const err = await failure(users.createUser({ user: { email } }));
    assert.ok(err instanceof GatewayError, `${err}`);
    assert.equal(err.code, Code.InvalidArgument);
    assert.equal(err.codeName, 'INVALID_ARGUMENT');
    assert.equal(err.reason, 'AUTHROCKET_VALIDATION_FAILED');
    assert.equal(err.httpStatus, 422);
    assert.match(err.message, /Email has already been taken/);
    assert.ok(err.fieldViolations.length >= 1, 'one violation per message');
    const v = err.fieldViolations.find((f) => /Email has already been taken/.test(f.description));
    assert.ok(v, JSON.stringify(err.fieldViolations));
    assert.equal(v.field, 'user');
    assert.match(err.gatewayRequestId, /\S/);
  });

  test('a request the API\'s rules refuse never reaches AuthRocket: INVALID_REQUEST names the field', async () => {
    const err = await failure(users.listUsers({ maxResults: 0 }));
    assert.ok(err instanceof GatewayError, `${err}`);
    assert.equal(err.code, Code.InvalidArgument);
    assert.equal(err.reason, 'INVALID_REQUEST');
    assert.equal(err.httpStatus, undefined, 'AuthRocket did not answer');
    assert.equal(err.authrocketRequestId, undefined);
    assert.deepEqual(err.fieldViolations.map((f) => f.field), ['max_results']);
  });
});
