// Hooks through the gateway: REST as an AuthRocket SDK manages them
// (authrocket-client.js) and gRPC (grpc-client.js). The realm is shared
// with the other test files: hooks here use event types nobody else hooks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const hooks = service('HooksService');

describe('hooks over REST', () => {
  test('create, find, list with paging, update, delete', async () => {
    const hook = await ar.hooks.create({
      event_type: 'membership.deleted', hook_type: 'webhook', destination: 'https://example.com/node-hook',
      accumulate: false, delay: 5,
    });
    assert.equal(responseOf(hook).status, 201);
    assert.equal(hook.object, 'hook');
    assert.equal(hook.state, 'active');
    assert.equal(hook.accumulate, false);
    assert.equal(hook.delay, 5);
    assert.equal(typeof hook.created_at, 'number');
    const other = await ar.hooks.create({ event_type: 'membership.deleted', hook_type: 'webhook', destination: 'https://example.com/other' });

    assert.equal((await ar.hooks.find(hook.id)).destination, 'https://example.com/node-hook');
    const page = await ar.hooks.all({ event_type: 'membership.deleted', max_results: 1 });
    assert.deepEqual(page.collection.map((h) => h.id), [hook.id]);
    assert.equal(page.more_results, true);
    const rest = await ar.hooks.all({ event_type: 'membership.deleted', after: hook.id });
    assert.deepEqual(rest.collection.map((h) => h.id), [other.id]);

    const updated = await ar.hooks.update(hook.id, { state: 'inactive', name: 'Member left' });
    assert.equal(updated.state, 'inactive');
    assert.equal(updated.name, 'Member left');
    assert.equal(updated.destination, 'https://example.com/node-hook');

    const bad = await failure(ar.hooks.update(hook.id, { destination: 'not a url' }));
    assert.ok(bad instanceof ValidationError, `${bad}`);
    assert.deepEqual(bad.errors, ['Destination is invalid']);

    for (const id of [hook.id, other.id]) await ar.hooks.delete(id);
    assert.ok((await failure(ar.hooks.find(hook.id))) instanceof RecordNotFound);
  });
});

describe('HooksService', () => {
  test('CreateHook, GetHook, ListHooks, UpdateHook, DeleteHook', async () => {
    const { hook } = await call(hooks, 'CreateHook', {
      hook: { event_type: 'user.email.verified', hook_type: 'email', locales: ['en'], email_subjects: { fields: { en: { stringValue: 'Verified' } } } },
    });
    assert.equal(hook.hook_type, 'email');
    assert.deepEqual(hook.current_locales, ['en']);
    assert.equal((await call(hooks, 'GetHook', { id: hook.id })).hook.event_type, 'user.email.verified');
    const list = await call(hooks, 'ListHooks', { event_type: 'user.email.verified' });
    assert.ok(list.collection.some((h) => h.id === hook.id));
    const { hook: up } = await call(hooks, 'UpdateHook', { id: hook.id, hook: { email_to: 'ops@example.com' } });
    assert.equal(up.email_to, 'ops@example.com');
    await call(hooks, 'DeleteHook', { id: hook.id });
    const err = await failure(call(hooks, 'GetHook', { id: hook.id }));
    assert.equal(err.code, grpc.status.NOT_FOUND, `${err}`);
  });

  test('an email hook for an event it cannot send: AuthRocket\'s 422', async () => {
    const err = await failure(call(hooks, 'CreateHook', { hook: { event_type: 'org.created', hook_type: 'email' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    assert.equal(err.details, 'Event type is not available for email hooks');
    errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
  });

  test('an unknown event type is refused before AuthRocket', async () => {
    const err = await failure(call(hooks, 'CreateHook', { hook: { event_type: 'user.teleported', hook_type: 'webhook' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
