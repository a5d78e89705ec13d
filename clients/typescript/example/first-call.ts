// The example of docs/clients/typescript.md: create a user, read it back, and
// handle the gateway's error. e2e/typescript_test.go type-checks it with
// `tsc --noEmit -p example`, which proves that the generated declarations
// (gen/*.d.ts) and the helper's (src/gateway.d.ts) fit together; run it with
// Node after compiling, or copy it into a service.
import { Code, createGatewayClient, GatewayError } from "@authrocket-gateway/client";
import type { User } from "@authrocket-gateway/client/gen/authrocket/v2/resources_pb.js";
import { UsersService } from "@authrocket-gateway/client/gen/authrocket/v2/users_pb.js";
import { TokensService } from "@authrocket-gateway/client/gen/authrocket/gateway/v1/tokens_pb.js";

const users = createGatewayClient(UsersService, {
  baseUrl: process.env.GATEWAY_GRPC_URL ?? "http://127.0.0.1:50051",
  token: process.env.GATEWAY_TOKEN ?? "devtoken",
  timeoutMs: 5_000,
});

export async function firstCall(email: string): Promise<User | undefined> {
  try {
    const { user } = await users.createUser({ user: { email, firstName: "Ada" } });
    const again = await users.getUser({ id: user?.id ?? "" }, { timeoutMs: 2_000 });
    return again.user;
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    if (err.code === Code.InvalidArgument && err.reason === "AUTHROCKET_VALIDATION_FAILED") {
      for (const v of err.fieldViolations) console.error(`${v.field}: ${v.description}`);
      return undefined;
    }
    const wait: number | undefined = err.retryDelayMs;
    console.error(err.codeName, err.reason, err.gatewayRequestId, err.authrocketRequestId, err.httpStatus, wait);
    throw err;
  }
}

export async function verify(token: string): Promise<string | undefined> {
  const tokens = createGatewayClient(TokensService, { baseUrl: "https://gateway.internal:50051", token: "t", ca: "PEM", cert: "PEM", key: "PEM" });
  const res = await tokens.verifyToken({ token });
  switch (res.result.case) {
    case "session":
      return res.result.value.userId;
    case "invalidToken":
      console.error(res.result.value.reason, res.result.value.message);
      return undefined;
    default:
      return undefined;
  }
}
