// Resource links through the gateway: REST as an AuthRocket SDK manages them
// (authrocket-client.js) and gRPC (grpc-client.js). There is no list
// endpoint (AuthRocket embeds them in the realm).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, responseOf } from './authrocket-client.js';
import { call, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const resourceLinks = service('ResourceLinksService');

describe('resource links', () => {
  test('REST: create, find, update, delete', async () => {
    const link = await ar.resourceLinks.create({ title: 'Admin', link_url: 'https://admin.example.com/u', resource_type: 'user' });
    assert.equal(responseOf(link).status, 201);
    assert.equal(link.object, 'resource_link');
    assert.equal((await ar.resourceLinks.find(link.id)).title, 'Admin');
    // No list endpoint: the realm embeds its resource links.
    const realm = await ar.realms.find(ar.realm);
    assert.ok(realm.resource_links.some((l) => l.id === link.id), 'realm.resource_links');
    assert.equal((await ar.resourceLinks.update(link.id, { resource_type: 'org' })).resource_type, 'org');
    await ar.resourceLinks.delete(link.id);
    assert.ok((await failure(ar.resourceLinks.find(link.id))) instanceof RecordNotFound);
  });

  test('gRPC: every RPC; a bad link_url is AuthRocket\'s 422', async () => {
    const { resource_link: link } = await call(resourceLinks, 'CreateResourceLink', { resource_link: { title: 'gRPC', link_url: 'https://x.example.com', resource_type: 'org' } });
    assert.equal((await call(resourceLinks, 'GetResourceLink', { id: link.id })).resource_link.link_url, 'https://x.example.com');
    const err = await failure(call(resourceLinks, 'UpdateResourceLink', { id: link.id, resource_link: { link_url: 'mailto:x@example.com' } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    assert.equal(err.details, 'Link URL is invalid');
    await call(resourceLinks, 'UpdateResourceLink', { id: link.id, resource_link: { title: 'gRPC 2' } });
    await call(resourceLinks, 'DeleteResourceLink', { id: link.id });
  });
});
