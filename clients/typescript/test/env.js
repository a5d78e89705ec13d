// What e2e/typescript_test.go passes to the tests: the gateway's gRPC URL,
// the credential of caller "typescript" and its realm, and the paths at
// which it made the emulator slow or rate-limited.
import { randomUUID } from 'node:crypto';
import { createGatewayClient, createGatewayTransport } from '@authrocket-gateway/client';

export const {
  GATEWAY_GRPC_URL: baseUrl,
  GATEWAY_TOKEN: token,
  AUTHROCKET_REALM: realm,
  SLOW_USER_ID: slowUserId,
  RATE_LIMITED_USER_ID: rateLimitedUserId,
} = process.env;
if (!baseUrl || !token || !realm) throw new Error('set GATEWAY_GRPC_URL, GATEWAY_TOKEN and AUTHROCKET_REALM');

/** One transport (one HTTP/2 connection) for the clients of a test file. */
export const transport = createGatewayTransport({ baseUrl, token, realm, timeoutMs: 15_000 });

/** A client of service over the shared transport. */
export const client = (service) => createGatewayClient(service, transport);

export const suffix = () => randomUUID().slice(0, 8);

/** The GatewayError that promise rejects with; fails when it resolves. */
export async function failure(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('the call succeeded; an error was expected');
}

