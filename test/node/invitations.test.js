// Invitations through the REST facade, the way an AuthRocket SDK user drives
// them (authrocket-client.js), and InvitationsService over gRPC
// (grpc-client.js). e2e/node_test.go starts the emulator and the gateway and
// sets GATEWAY_REST_URL, GATEWAY_GRPC_ADDR, GATEWAY_TOKEN and AUTHROCKET_REALM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, metadata, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const suffix = () => randomUUID().slice(0, 8);
const uniqueEmail = (name) => `${name}+${suffix()}@example.com`;

describe('invitations over REST', () => {
  test('create, find, list with paging, update, invite, delete', async () => {
    const org = await ar.orgs.create({ name: `Invites ${suffix()}` });
    const email = uniqueEmail('invitee');
    const inv = await ar.invitations.create({
      email, invitation_type: 'org', org_id: org.id, permissions: ['reports:read'], request: { ip: '10.0.0.3' },
    });
    assert.equal(responseOf(inv).status, 201);
    assert.equal(inv.object, 'invitation');
    assert.match(inv.id, /^nvt_/);
    assert.ok(inv.token, 'the token comes with the create answer');
    assert.equal(inv.email, email);
    assert.equal(inv.org_id, org.id);
    assert.deepEqual(inv.permissions, ['reports:read']);
    assert.equal(inv.invited_at, null, 'not sent yet: null, as AuthRocket writes it');
    const days = (inv.expires_at - inv.created_at) / 86400;
    assert.ok(days > 29.9 && days < 30.1, `expires ${days} days after creation`);

    const found = await ar.invitations.find(inv.id);
    assert.equal(found.id, inv.id);
    assert.equal(found.token, undefined, 'the token is shown on create only');

    const ids = [inv.id];
    for (let i = 0; i < 2; i++) ids.push((await ar.invitations.create({ email: uniqueEmail(`more${i}`), invitation_type: 'org', org_id: org.id })).id);
    const pages = [];
    let after;
    for (;;) {
      const page = await ar.invitations.all({ org_id: org.id, max_results: 2, after });
      pages.push(page.collection.map((x) => x.id));
      page.collection.forEach((row) => assert.equal(row.token, undefined, 'rows leave the token out'));
      if (!page.more_results) break;
      after = page.collection.at(-1).id;
    }
    assert.deepEqual(pages, [ids.slice(0, 2), ids.slice(2)]);
    assert.equal((await ar.invitations.first({ email })).id, inv.id);

    const updated = await ar.invitations.update(inv.id, { locale: 'es' });
    assert.equal(updated.locale, 'es');
    assert.equal(updated.email, email, 'fields not sent are kept');

    const sent = await ar.invitations.invite(inv.id);
    assert.equal(responseOf(sent).status, 200);
    assert.equal(typeof sent.invited_at, 'number', 'invite sets invited_at');

    const deleted = await ar.invitations.delete(ids[2]);
    assert.equal(deleted.id, ids[2]);
    const err = await failure(ar.invitations.find(ids[2]));
    assert.ok(err instanceof RecordNotFound, `${err}`);
  });

  test('accept_invitation: another email still joins the org, and only once', async () => {
    const org = await ar.orgs.create({ name: `Accept ${suffix()}` });
    const inv = await ar.invitations.create({ email: uniqueEmail('sent-to'), invitation_type: 'org', org_id: org.id, permissions: ['ar:admin'] });
    const email = uniqueEmail('accepts');
    const user = await ar.users.create({ email });
    const accepted = await ar.users.acceptInvitation(email, { token: inv.token });
    assert.equal(accepted.object, 'user');
    assert.equal(accepted.id, user.id);
    const { collection } = await ar.memberships.all({ user_id: user.id });
    assert.equal(collection.length, 1);
    assert.equal(collection[0].org_id, org.id);
    assert.deepEqual(collection[0].permissions, ['ar:admin']);

    const again = await failure(ar.users.acceptInvitation(user.id, { token: inv.token }));
    assert.ok(again instanceof ValidationError, `${again}`);
    assert.equal(again.status, 422);
    assert.deepEqual(again.errors, ['Token is invalid']);
    const inSpanish = await failure(AuthRocket.fromEnv({ locale: 'es' }).users.acceptInvitation(user.id, { token: inv.token }));
    assert.deepEqual(inSpanish.errors, ['Token no es válido']);
  });

  test('validation: the errors of a type', async () => {
    const err = await failure(ar.invitations.create({ email: uniqueEmail('x'), invitation_type: 'org' }));
    assert.ok(err instanceof ValidationError, `${err}`);
    assert.deepEqual(err.errors, ["Org can't be blank"]);
    const bad = await failure(ar.invitations.create({ email: 'x@example.com', invitation_type: 'party' }));
    assert.equal(bad.status, 400, 'an unknown type is refused by the gateway');
  });
});

describe('InvitationsService over gRPC', () => {
  const invitations = service('InvitationsService');
  const orgs = service('OrgsService');
  const users = service('UsersService');

  test('CreateInvitation, GetInvitation, ListInvitations, InviteInvitation, AcceptUserInvitation, DeleteInvitation', async () => {
    const { org } = await call(orgs, 'CreateOrg', { org: { name: `gRPC invites ${suffix()}` } });
    const { invitation } = await call(invitations, 'CreateInvitation', {
      invitation: { invitation_type: 'org', email: uniqueEmail('grpc-invitee'), org_id: org.id, permissions: ['billing:read'] },
    });
    assert.match(invitation.id, /^nvt_/);
    assert.ok(invitation.token);
    assert.ok(Number(invitation.expires_at.seconds) > Date.now() / 1000 + 29 * 86400, 'expires_at is a Timestamp 30 days on');

    const got = await call(invitations, 'GetInvitation', { id: invitation.id });
    assert.equal(got.invitation.id, invitation.id);
    assert.equal(got.invitation.token, undefined);
    const list = await call(invitations, 'ListInvitations', { org_id: org.id });
    assert.deepEqual(list.collection.map((x) => x.id), [invitation.id]);
    assert.ok(!list.more_results, 'one page (proto3 leaves a false bool out)');
    const up = await call(invitations, 'UpdateInvitation', { id: invitation.id, invitation: { locale: 'es' } });
    assert.equal(up.invitation.locale, 'es');
    const sent = await call(invitations, 'InviteInvitation', { id: invitation.id, invitation: {} });
    assert.ok(sent.invitation.invited_at, 'invited_at is set');

    const { user } = await call(users, 'CreateUser', { user: { email: uniqueEmail('grpc-accepts') } });
    const acc = await call(users, 'AcceptUserInvitation', { id: user.id, user: { token: invitation.token } });
    assert.equal(acc.user.id, user.id);
    const err = await failure(call(invitations, 'GetInvitation', { id: invitation.id }));
    assert.equal(err.code, grpc.status.NOT_FOUND, 'an accepted invitation is used up');

    const other = await call(invitations, 'CreateInvitation', { invitation: { invitation_type: 'request', email: uniqueEmail('asks') } });
    const del = await call(invitations, 'DeleteInvitation', { id: other.invitation.id });
    assert.equal(del.invitation.id, other.invitation.id);
  });

  test('a second acceptance in Spanish: INVALID_ARGUMENT with a LocalizedMessage', async () => {
    const { invitation } = await call(invitations, 'CreateInvitation', { invitation: { invitation_type: 'request', email: uniqueEmail('once') } });
    const { user } = await call(users, 'CreateUser', { user: { email: uniqueEmail('once-user') } });
    await call(users, 'AcceptUserInvitation', { id: user.id, user: { token: invitation.token } });
    const err = await failure(call(users, 'AcceptUserInvitation', { id: user.id, user: { token: invitation.token } }, metadata({ locale: 'es' })));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    const d = errorInfo(err, { reason: 'AUTHROCKET_VALIDATION_FAILED', httpStatus: '422' });
    assert.deepEqual(d.LocalizedMessage, { locale: 'es', message: 'Token no es válido' });
  });

  test('InviteInvitation without its root element is refused before AuthRocket', async () => {
    const err = await failure(call(invitations, 'InviteInvitation', { id: 'nvt_0123' }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    const d = errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
    assert.ok(d.BadRequest.field_violations.some((v) => v.field === 'invitation'), JSON.stringify(d.BadRequest));
  });
});
