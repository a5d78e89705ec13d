// Mailing-list providers and subscriptions through the gateway: REST as an
// AuthRocket SDK manages them (authrocket-client.js) and gRPC
// (grpc-client.js).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const providers = service('MailingListProvidersService');
const subscriptions = service('MailingListSubscriptionsService');
const uniqueEmail = (name) => `${name}+${randomUUID().slice(0, 8)}@example.com`;

describe('mailing lists over REST', () => {
  test('a provider, a mailing-list hook, subscriptions paged and filtered, and a provider in use', async () => {
    const provider = await ar.mailingListProviders.create({ provider_name: 'Node lists', provider_type: 'mailchimp', valid_list_ids: ['news'] });
    assert.equal(responseOf(provider).status, 201);
    assert.equal(provider.object, 'mailing_list_provider');
    assert.deepEqual(provider.valid_list_ids, ['news']);
    assert.equal((await ar.mailingListProviders.find(provider.id)).provider_type, 'mailchimp');
    assert.equal((await ar.mailingListProviders.update(provider.id, { provider_account: 'acct' })).provider_account, 'acct');
    assert.ok((await ar.mailingListProviders.all({ provider_type: 'mailchimp' })).collection.some((p) => p.id === provider.id));

    const hook = await ar.hooks.create({ event_type: 'user.created', hook_type: 'mailing_list', mailing_list_provider_id: provider.id, list_id: 'news' });
    const users = [];
    for (const name of ['a', 'b']) users.push(await ar.users.create({ email: uniqueEmail(`list-${name}`) }));
    const subs = [];
    for (const u of users) subs.push(await ar.mailingListSubscriptions.create({ user_id: u.id, hook_id: hook.id }));
    assert.equal(subs[0].object, 'mailing_list_subscription');
    assert.equal(subs[0].list_state, 'subscribed');

    const page = await ar.mailingListSubscriptions.all({ hook_id: hook.id, max_results: 1 });
    assert.deepEqual(page.collection.map((s) => s.id), [subs[0].id]);
    assert.equal(page.more_results, true);
    const next = await ar.mailingListSubscriptions.all({ hook_id: hook.id, after: subs[0].id });
    assert.deepEqual(next.collection.map((s) => s.id), [subs[1].id]);
    assert.equal((await ar.mailingListSubscriptions.update(subs[1].id, { list_state: 'unsubscribed' })).list_state, 'unsubscribed');
    assert.deepEqual((await ar.mailingListSubscriptions.all({ user_id: users[1].id })).collection.map((s) => s.list_state), ['unsubscribed']);
    assert.equal((await ar.mailingListSubscriptions.find(subs[0].id)).user_id, users[0].id);

    const inUse = await failure(ar.mailingListProviders.delete(provider.id));
    assert.ok(inUse instanceof ValidationError, `${inUse}`);
    assert.equal(inUse.status, 409);
    assert.deepEqual(inUse.errors, ['Mailing list provider is in use by a hook']);

    await ar.mailingListSubscriptions.delete(subs[0].id);
    assert.ok((await failure(ar.mailingListSubscriptions.find(subs[0].id))) instanceof RecordNotFound);
    await ar.hooks.delete(hook.id);
    assert.ok((await failure(ar.mailingListSubscriptions.find(subs[1].id))) instanceof RecordNotFound, 'subscriptions go with their hook');
    await ar.mailingListProviders.delete(provider.id);
  });
});

describe('MailingListProvidersService and MailingListSubscriptionsService', () => {
  test('every RPC of both', async () => {
    const { mailing_list_provider: p } = await call(providers, 'CreateMailingListProvider', { mailing_list_provider: { provider_name: 'gRPC', provider_type: 'sendgrid' } });
    assert.equal((await call(providers, 'GetMailingListProvider', { id: p.id })).mailing_list_provider.provider_name, 'gRPC');
    assert.ok((await call(providers, 'ListMailingListProviders', { provider_type: 'sendgrid' })).collection.some((x) => x.id === p.id));
    await call(providers, 'UpdateMailingListProvider', { id: p.id, mailing_list_provider: { state: 'inactive' } });

    const hook = await ar.hooks.create({ event_type: 'user.created', hook_type: 'mailing_list', mailing_list_provider_id: p.id, list_id: 'l1' });
    const user = await ar.users.create({ email: uniqueEmail('grpc-list') });
    const { mailing_list_subscription: s } = await call(subscriptions, 'CreateMailingListSubscription', { mailing_list_subscription: { user_id: user.id, hook_id: hook.id, list_state: 'pending' } });
    assert.equal(s.list_state, 'pending');
    assert.equal((await call(subscriptions, 'GetMailingListSubscription', { id: s.id })).mailing_list_subscription.hook_id, hook.id);
    assert.deepEqual((await call(subscriptions, 'ListMailingListSubscriptions', { user_id: user.id })).collection.map((x) => x.id), [s.id]);
    await call(subscriptions, 'UpdateMailingListSubscription', { id: s.id, mailing_list_subscription: { list_state: 'subscribed' } });
    await call(subscriptions, 'DeleteMailingListSubscription', { id: s.id });

    const err = await failure(call(providers, 'DeleteMailingListProvider', { id: p.id }));
    assert.equal(err.code, grpc.status.FAILED_PRECONDITION, `${err}`);
    errorInfo(err, { reason: 'AUTHROCKET_CONFLICT', httpStatus: '409' });
    await ar.hooks.delete(hook.id);
    await call(providers, 'DeleteMailingListProvider', { id: p.id });
  });
});
