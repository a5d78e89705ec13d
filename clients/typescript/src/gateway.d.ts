// Types of gateway.js (written by hand; e2e/typescript_test.go type-checks
// an example against them).
import type { DescService } from "@bufbuild/protobuf";
import type { Client, Interceptor, Transport } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import type { SecureClientSessionOptions } from "node:http2";

export { Code };

/** The deadline of a call that names none, in milliseconds. */
export declare const DEFAULT_TIMEOUT_MS: number;

/** ErrorInfo.domain of every error the gateway returns. */
export declare const ERROR_DOMAIN: "authrocket-gateway";

export interface GatewayClientOptions {
  /** The gateway's gRPC address: http://host:port, or https://host:port. */
  baseUrl: string;
  /** The caller's credential, sent as `authorization: Bearer <token>`; optional when cert is the credential (mTLS). */
  token?: string;
  /** A realm (`rl_…`) for calls that name none, sent as `authrocket-realm`. */
  realm?: string;
  /** The deadline of a call that names none (CallOptions.timeoutMs); default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** With https: the CA certificates that the gateway's certificate is checked against (PEM). */
  ca?: SecureClientSessionOptions["ca"];
  /** With https: the client certificate for mTLS (PEM), with key. */
  cert?: SecureClientSessionOptions["cert"];
  /** With https: the client certificate's private key (PEM), with cert. */
  key?: SecureClientSessionOptions["key"];
  /** More interceptors, run after the one that sets the credential. */
  interceptors?: Interceptor[];
}

/** A gRPC transport to the gateway, with the credential and a default deadline. */
export declare function createGatewayTransport(options: GatewayClientOptions): Transport;

/**
 * A client of a generated service (UsersService, TokensService, …). A failed
 * call rejects with a GatewayError. Pass a transport from
 * createGatewayTransport to share one connection among clients.
 */
export declare function createGatewayClient<T extends DescService>(
  service: T,
  options: GatewayClientOptions | Transport,
): Client<T>;

/** A BadRequest field violation. */
export interface FieldViolation {
  /** The field, e.g. "email" or "user.email". */
  field: string;
  /** What is wrong with it. */
  description: string;
}

/** An error of the gateway, with what its google.rpc.Status details say (docs/errors.md). */
export declare class GatewayError extends Error {
  constructor(connectError: ConnectError);
  readonly name: "GatewayError";
  /** The ConnectError it was made from. */
  readonly cause: ConnectError;
  /** Connect's Code, the same number as gRPC's code. */
  readonly code: Code;
  /** gRPC's name of the code: "NOT_FOUND", "INVALID_ARGUMENT", … */
  readonly codeName: string;
  /** ErrorInfo.reason: "AUTHROCKET_NOT_FOUND", "METHOD_NOT_ALLOWED", … */
  readonly reason: string | undefined;
  /** ErrorInfo.domain: "authrocket-gateway" when the gateway answered. */
  readonly domain: string | undefined;
  /** All of ErrorInfo.metadata. */
  readonly metadata: Readonly<Record<string, string>>;
  /** The gateway's request ID (its logs and audit records). */
  readonly gatewayRequestId: string | undefined;
  /** AuthRocket's request ID, when AuthRocket answered. */
  readonly authrocketRequestId: string | undefined;
  /** RequestInfo.request_id: AuthRocket's request ID when it answered, else the gateway's. */
  readonly requestId: string | undefined;
  /** AuthRocket's HTTP status, when AuthRocket answered. */
  readonly httpStatus: number | undefined;
  /** How long to wait before trying again (RetryInfo), in milliseconds. */
  readonly retryDelayMs: number | undefined;
  /** BadRequest's field violations; empty when there are none. */
  readonly fieldViolations: readonly FieldViolation[];
}

/** err as a GatewayError: as it is when it is one, else decoded from ConnectError.from(err). */
export declare function toGatewayError(err: unknown): GatewayError;
