// Events through the gateway: REST as an AuthRocket SDK reads them
// (authrocket-client.js) and gRPC (grpc-client.js). e2e/node_test.go starts
// the emulator and the gateway; other test files share the realm, so every
// query here is filtered by the resources this file created.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const events = service('EventsService');
const uniqueEmail = (name) => `${name}+${randomUUID().slice(0, 8)}@example.com`;

describe('events over REST', () => {
  test('the events of a user, oldest first, paged, with a hook\'s notification', async () => {
    const hook = await ar.hooks.create({ event_type: 'user.profile.updated', hook_type: 'email', email_to: 'audit@example.com' });
    const user = await ar.users.create({ email: uniqueEmail('events'), request: { ip: '10.7.7.7', client: 'node-events' } });
    await ar.users.updateProfile(user.id, { first_name: 'Evie' });
    await ar.users.update(user.id, { last_name: 'Vent' });

    const all = await ar.events.all({ user_id: user.id, direction: 'asc' });
    assert.deepEqual(all.collection.map((e) => e.event_type), ['user.created', 'user.profile.updated', 'user.updated']);
    assert.equal(all.more_results, false);
    const [created, profile] = all.collection;
    assert.equal(created.object, 'event');
    assert.match(created.id, /^ev_/);
    assert.equal(created.user_id, user.id);
    assert.equal(typeof created.event_at, 'number', 'event_at is epoch seconds');
    assert.ok(Math.abs(created.event_at - Date.now() / 1000) < 3600);
    assert.deepEqual(created.request, { ip: '10.7.7.7', client: 'node-events' });
    assert.equal(created.notifications, undefined, 'no notifications without expand');

    // Newest first by default; after= pages on.
    const first = await ar.events.all({ user_id: user.id, max_results: 1 });
    assert.equal(first.collection[0].event_type, 'user.updated');
    assert.equal(first.more_results, true);
    const next = await ar.events.all({ user_id: user.id, max_results: 1, after: first.collection[0].id });
    assert.equal(next.collection[0].event_type, 'user.profile.updated');

    const got = await ar.events.find(profile.id);
    const mine = got.notifications.find((n) => n.hook_id === hook.id);
    assert.ok(mine, 'the email hook notified');
    assert.equal(mine.object, 'notification');
    assert.match(mine.id, /^ent_/);
    assert.equal(mine.hook_type, 'email');
    assert.equal(mine.state, 'completed');
    assert.equal(mine.last_destination, 'audit@example.com');

    const expanded = await ar.events.all({ user_id: user.id, event_type: 'user.profile', expand: ['notifications'] });
    assert.equal(expanded.collection.length, 1);
    assert.ok(expanded.collection[0].notifications.some((n) => n.hook_id === hook.id));
    await ar.hooks.delete(hook.id);
  });

  test('an unknown event: RecordNotFound', async () => {
    assert.ok((await failure(ar.events.find('ev_doesnotexist'))) instanceof RecordNotFound);
  });
});

describe('EventsService', () => {
  test('ListEvents by org and GetEvent', async () => {
    const org = await ar.orgs.create({ name: `Events ${randomUUID().slice(0, 8)}` });
    await ar.orgs.delete(org.id);
    const res = await call(events, 'ListEvents', { org_id: org.id, created_at_after: '' });
    assert.deepEqual(res.collection.map((e) => e.event_type), ['org.closed', 'org.created']);
    const { event } = await call(events, 'GetEvent', { id: res.collection[1].id });
    assert.equal(event.org_id, org.id);
    assert.equal(event.event_type, 'org.created');
    assert.ok(Number(event.event_at.seconds) > 0, 'event_at is a Timestamp');
  });

  test('a malformed created_at_after is refused before AuthRocket', async () => {
    const err = await failure(call(events, 'ListEvents', { created_at_after: 'last week' }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
  });
});
