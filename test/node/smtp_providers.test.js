// SMTP providers through the gateway: REST as an AuthRocket SDK manages them
// (authrocket-client.js) and gRPC (grpc-client.js). smtp_password is
// write-only and never comes back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { AuthRocket, RecordNotFound, ValidationError, responseOf } from './authrocket-client.js';
import { call, errorInfo, failure, service } from './grpc-client.js';

const ar = AuthRocket.fromEnv();
const smtp = service('SmtpProvidersService');
const secret = 'node-smtp-pa55';

describe('SMTP providers over REST', () => {
  test('create, find, list with paging, update, delete; no smtp_password in any answer', async () => {
    const attrs = { provider_type: 'smtp', email_from: 'noreply@example.com', smtp_host: 'smtp.example.com', smtp_port: 587, smtp_password: secret };
    const a = await ar.smtpProviders.create({ provider_name: 'Node A', ...attrs });
    const b = await ar.smtpProviders.create({ provider_name: 'Node B', ...attrs });
    assert.equal(responseOf(a).status, 201);
    assert.equal(a.object, 'smtp_provider');
    assert.equal(a.smtp_port, 587);
    const answers = [a, b, await ar.smtpProviders.find(a.id)];

    const page = await ar.smtpProviders.all({ max_results: 1, after: a.id });
    assert.deepEqual(page.collection.map((p) => p.id).slice(0, 1), [b.id]);
    answers.push(page);
    const up = await ar.smtpProviders.update(a.id, { smtp_user: 'mailer', smtp_password: `${secret}2` });
    assert.equal(up.smtp_user, 'mailer');
    answers.push(up);
    for (const x of answers) assert.ok(!JSON.stringify(x).includes('pa55') && !JSON.stringify(x).includes('smtp_password'), JSON.stringify(x));

    const bad = await failure(ar.smtpProviders.update(a.id, { email_from: 'nobody' }));
    assert.ok(bad instanceof ValidationError, `${bad}`);
    assert.deepEqual(bad.errors, ['Email from is invalid']);
    for (const id of [a.id, b.id]) await ar.smtpProviders.delete(id);
    assert.ok((await failure(ar.smtpProviders.find(a.id))) instanceof RecordNotFound);
  });
});

describe('SmtpProvidersService', () => {
  test('every RPC', async () => {
    const { smtp_provider: p } = await call(smtp, 'CreateSmtpProvider', {
      smtp_provider: { provider_name: 'gRPC', provider_type: 'smtp', email_from: 'a@example.com', smtp_host: 'mx.example.com', smtp_password: secret },
    });
    assert.equal((await call(smtp, 'GetSmtpProvider', { id: p.id })).smtp_provider.smtp_host, 'mx.example.com');
    assert.ok((await call(smtp, 'ListSmtpProviders', {})).collection.some((x) => x.id === p.id));
    assert.equal((await call(smtp, 'UpdateSmtpProvider', { id: p.id, smtp_provider: { state: 'inactive' } })).smtp_provider.state, 'inactive');
    await call(smtp, 'DeleteSmtpProvider', { id: p.id });
    const err = await failure(call(smtp, 'GetSmtpProvider', { id: p.id }));
    assert.equal(err.code, grpc.status.NOT_FOUND, `${err}`);
  });

  test('a port out of range is refused before AuthRocket', async () => {
    const err = await failure(call(smtp, 'CreateSmtpProvider', { smtp_provider: { smtp_port: 70000, smtp_password: secret } }));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `${err}`);
    errorInfo(err, { reason: 'INVALID_REQUEST', httpStatus: undefined });
    assert.ok(!err.details.includes('pa55'));
  });
});
