// A small helper around the generated client (../gen): a gRPC transport to
// the gateway with the caller's credential and a default deadline, and the
// gateway's errors (docs/errors.md) decoded into GatewayError. Types are in
// gateway.d.ts; docs/clients/typescript.md shows it in use.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RequestInfoSchema,
  RetryInfoSchema,
} from "../gen/google/rpc/error_details_pb.js";

/** The deadline of a call that names none, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** ErrorInfo.domain of every error the gateway returns. */
export const ERROR_DOMAIN = "authrocket-gateway";

// gRPC's code names, by number (Connect's Code enum has the same numbers).
const codeNames = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
  "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
  "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
];

/**
 * A gRPC transport to the gateway at options.baseUrl (http://host:port, or
 * https:// with options.ca, and options.cert + options.key for mTLS) that
 * sends `authorization: Bearer <token>` on every call (none when the client
 * certificate is the only credential), `authrocket-realm` when
 * options.realm is set, and gives calls without a timeoutMs of their own
 * options.timeoutMs (default DEFAULT_TIMEOUT_MS).
 */
export function createGatewayTransport(options) {
  const { baseUrl, token, realm, ca, cert, key, timeoutMs = DEFAULT_TIMEOUT_MS, interceptors = [] } = options ?? {};
  if (!baseUrl) throw new TypeError("createGatewayTransport: baseUrl is required");
  if ((cert === undefined) !== (key === undefined)) {
    throw new TypeError("createGatewayTransport: cert and key go together (mTLS)");
  }
  if (!token && cert === undefined) {
    throw new TypeError("createGatewayTransport: a token, or a client certificate (cert, key), is required");
  }
  /** @type {import("@connectrpc/connect").Interceptor} */
  const credentials = (next) => (req) => {
    if (token) req.header.set("authorization", `Bearer ${token}`);
    if (realm) req.header.set("authrocket-realm", realm);
    return next(req);
  };
  const nodeOptions = {};
  if (ca !== undefined) nodeOptions.ca = ca;
  if (cert !== undefined) Object.assign(nodeOptions, { cert, key });
  return createGrpcTransport({
    baseUrl,
    httpVersion: "2",
    nodeOptions,
    // The transport sets the deadline: it sends it as grpc-timeout, so
    // the gateway knows it, and cancels the call when it passes.
    defaultTimeoutMs: timeoutMs,
    interceptors: [credentials, ...interceptors],
  });
}

/**
 * A client of service (a generated service descriptor such as
 * UsersService) over createGatewayTransport(options), or over a transport
 * it made, so that several clients share one connection. A failed call
 * rejects with a GatewayError.
 */
export function createGatewayClient(service, optionsOrTransport) {
  const transport = isTransport(optionsOrTransport) ? optionsOrTransport : createGatewayTransport(optionsOrTransport);
  const client = createClient(service, transport);
  for (const method of service.methods) {
    const call = client[method.localName];
    if (method.methodKind !== "unary") continue; // the gateway has no streaming RPCs
    client[method.localName] = async (request, callOptions) => {
      try {
        return await call(request, callOptions);
      } catch (err) {
        throw toGatewayError(err);
      }
    };
  }
  return client;
}

function isTransport(x) {
  return typeof x?.unary === "function" && typeof x?.stream === "function";
}

/**
 * An error of the gateway, with what its google.rpc.Status details say.
 * Fields that the error did not carry are undefined (fieldViolations is
 * then empty).
 */
export class GatewayError extends Error {
  constructor(connectError) {
    super(connectError.rawMessage, { cause: connectError });
    this.name = "GatewayError";
    /** Connect's Code; the same number as gRPC's code. */
    this.code = connectError.code;
    /** gRPC's name of the code: "NOT_FOUND", "INVALID_ARGUMENT", … */
    this.codeName = codeNames[connectError.code] ?? "UNKNOWN";
    const [info] = connectError.findDetails(ErrorInfoSchema);
    const [request] = connectError.findDetails(RequestInfoSchema);
    const [retry] = connectError.findDetails(RetryInfoSchema);
    const md = info?.metadata ?? {};
    /** ErrorInfo.reason: AUTHROCKET_NOT_FOUND, METHOD_NOT_ALLOWED, … */
    this.reason = info?.reason || undefined;
    /** ErrorInfo.domain: "authrocket-gateway" when the gateway answered. */
    this.domain = info?.domain || undefined;
    /** All of ErrorInfo.metadata (authrocketRetryUrl, …). */
    this.metadata = { ...md };
    this.gatewayRequestId = md.gatewayRequestId ?? (connectError.metadata.get("x-request-id") || undefined);
    this.authrocketRequestId = md.authrocketRequestId ?? (connectError.metadata.get("authrocket-request-id") || undefined);
    /** RequestInfo.request_id: AuthRocket's request ID when it answered, else the gateway's. */
    this.requestId = request?.requestId || undefined;
    const status = Number(md.httpStatus ?? connectError.metadata.get("authrocket-http-status") ?? NaN);
    /** AuthRocket's HTTP status, when AuthRocket answered. */
    this.httpStatus = Number.isInteger(status) ? status : undefined;
    /** How long to wait before trying again (RetryInfo), in milliseconds. */
    this.retryDelayMs = retry?.retryDelay
      ? Number(retry.retryDelay.seconds) * 1000 + Math.round(retry.retryDelay.nanos / 1e6)
      : undefined;
    /** BadRequest's field violations: which field, and what is wrong with it. */
    this.fieldViolations = connectError.findDetails(BadRequestSchema)
      .flatMap((b) => b.fieldViolations)
      .map(({ field, description }) => ({ field, description }));
  }
}

/**
 * err as a GatewayError: as it is when it is one, decoded when it is a
 * ConnectError, else wrapped as Connect does (code UNKNOWN, or CANCELLED
 * for an AbortError).
 */
export function toGatewayError(err) {
  if (err instanceof GatewayError) return err;
  return new GatewayError(ConnectError.from(err));
}

export { Code };
