"""The gateway's gRPC API from Python, through authrocket_gateway.

e2e/python_test.go starts the emulator and the gateway, with a policy that
lets this caller use UsersService, SessionsService/CreateSession and
TokensService/VerifyToken and nothing else, and runs

    /usr/bin/python3 -m unittest discover -s clients/python/tests

with PYTHONPATH holding gen/python and clients/python, and GATEWAY_GRPC_ADDR,
GATEWAY_TOKEN, AUTHROCKET_REALM and RATE_LIMITED_USER (an ID whose GetUser
the emulator answers with 429 and Retry-After: 7) set.
"""

from __future__ import annotations

import os
import time
import unittest
import uuid

import grpc

from authrocket.gateway.v1 import tokens_pb2, tokens_pb2_grpc
from authrocket.v2 import realms_pb2, realms_pb2_grpc, sessions_pb2, sessions_pb2_grpc, users_pb2, users_pb2_grpc
from authrocket_gateway import DOMAIN, GatewayError, call, connect

ADDR = os.environ["GATEWAY_GRPC_ADDR"]
TOKEN = os.environ["GATEWAY_TOKEN"]
REALM = os.environ.get("AUTHROCKET_REALM", "")
RATE_LIMITED_USER = os.environ.get("RATE_LIMITED_USER", "")

# Every call of these tests ends within this many seconds.
TIMEOUT = 10.0


def unique_email(name: str) -> str:
    return f"{name}+{uuid.uuid4().hex[:8]}@example.com"


class GatewayTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.channel = connect(ADDR, TOKEN, timeout=TIMEOUT)
        self.addCleanup(self.channel.close)
        self.users = users_pb2_grpc.UsersServiceStub(self.channel)

    def create_user(self, name: str, **fields: str) -> users_pb2.User:
        res = self.users.CreateUser(users_pb2.CreateUserRequest(user=users_pb2.UserInput(email=unique_email(name), **fields)))
        return res.user

    def assertGatewayError(self, err: GatewayError, code: grpc.StatusCode, reason: str) -> None:
        self.assertEqual(err.code, code, str(err))
        self.assertEqual(err.reason, reason, str(err))
        self.assertEqual(err.domain, DOMAIN)
        self.assertTrue(err.gateway_request_id, "every error names the gateway's request ID")


class UsersTest(GatewayTestCase):
    def test_create_get_list(self) -> None:
        user = self.create_user("py", first_name="Ada", password="correct horse battery")
        self.assertTrue(user.id.startswith("usr_"), user.id)
        self.assertEqual(user.first_name, "Ada")
        if REALM:
            self.assertEqual(user.realm_id, REALM)
        for key in (user.id, user.email):
            got = self.users.GetUser(users_pb2.GetUserRequest(id=key)).user
            self.assertEqual(got.id, user.id, f"GetUser({key})")
        found = self.users.ListUsers(users_pb2.ListUsersRequest(email=user.email)).collection
        self.assertEqual([u.id for u in found], [user.id])

    def test_list_pages(self) -> None:
        made = {self.create_user("page").id for _ in range(5)}
        seen: list[str] = []
        after = None
        pages = 0
        for _ in range(100):  # bounded: the realm holds far fewer users
            req = users_pb2.ListUsersRequest(max_results=2, sort="id", direction="asc")
            if after is not None:
                req.after = after
            page = self.users.ListUsers(req)
            pages += 1
            self.assertLessEqual(len(page.collection), 2)
            seen.extend(u.id for u in page.collection)
            if not page.more_results:
                break
            after = page.collection[-1].id
        else:
            self.fail("ListUsers still had more results after 100 pages")
        self.assertGreaterEqual(pages, 3, "five users or more, two a page")
        self.assertEqual(len(seen), len(set(seen)), "no user on two pages")
        self.assertLessEqual(made, set(seen), "every user made is on some page")

    def test_not_found(self) -> None:
        with self.assertRaises(GatewayError) as cm:
            self.users.GetUser(users_pb2.GetUserRequest(id="usr_missing"))
        err = cm.exception
        self.assertGatewayError(err, grpc.StatusCode.NOT_FOUND, "AUTHROCKET_NOT_FOUND")
        self.assertEqual(err.http_status, 404)
        self.assertTrue(err.authrocket_request_id, "AuthRocket answered: its request ID")
        self.assertIsNone(err.retry_delay)
        self.assertIsInstance(err.__cause__, grpc.RpcError, "chained to grpc's error")

    def test_duplicate_email(self) -> None:
        user = self.create_user("dup")
        with self.assertRaises(GatewayError) as cm:
            self.users.CreateUser(users_pb2.CreateUserRequest(user=users_pb2.UserInput(email=user.email)))
        err = cm.exception
        self.assertGatewayError(err, grpc.StatusCode.INVALID_ARGUMENT, "AUTHROCKET_VALIDATION_FAILED")
        self.assertEqual(err.message, "Email has already been taken")
        self.assertEqual(err.http_status, 422)
        self.assertEqual(err.field_violations, [("user", "Email has already been taken")])

    def test_refused_before_authrocket(self) -> None:
        # The API's own rules: an ID that could leave its path segment.
        with self.assertRaises(GatewayError) as cm:
            self.users.GetUser(users_pb2.GetUserRequest(id="../orgs"))
        err = cm.exception
        self.assertGatewayError(err, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_REQUEST")
        self.assertIsNone(err.http_status, "AuthRocket never saw it")
        self.assertIsNone(err.authrocket_request_id)
        self.assertTrue(err.field_violations)

    def test_rate_limited_retry_delay(self) -> None:
        if not RATE_LIMITED_USER:
            self.skipTest("RATE_LIMITED_USER not set")
        with self.assertRaises(GatewayError) as cm:
            self.users.GetUser(users_pb2.GetUserRequest(id=RATE_LIMITED_USER))
        err = cm.exception
        self.assertGatewayError(err, grpc.StatusCode.RESOURCE_EXHAUSTED, "AUTHROCKET_RATE_LIMITED")
        self.assertEqual(err.http_status, 429)
        self.assertEqual(err.retry_delay, 7.0)


class CallTest(GatewayTestCase):
    def test_deadline(self) -> None:
        start = time.monotonic()
        with self.assertRaises(GatewayError) as cm:
            self.users.ListUsers(users_pb2.ListUsersRequest(), timeout=0.001)
        self.assertEqual(cm.exception.code, grpc.StatusCode.DEADLINE_EXCEEDED, str(cm.exception))
        self.assertLess(time.monotonic() - start, 2.0)

    def test_future(self) -> None:
        future = self.users.GetUser.future(users_pb2.GetUserRequest(id="usr_missing"))
        with self.assertRaises(GatewayError) as cm:
            future.result(timeout=TIMEOUT)
        self.assertEqual(cm.exception.reason, "AUTHROCKET_NOT_FOUND")
        self.assertIsInstance(future.exception(), GatewayError)

    def test_wrong_token(self) -> None:
        with connect(ADDR, "not-a-credential", timeout=TIMEOUT) as channel:
            users = users_pb2_grpc.UsersServiceStub(channel)
            with self.assertRaises(GatewayError) as cm:
                users.ListUsers(users_pb2.ListUsersRequest())
        self.assertGatewayError(cm.exception, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")

    def test_call_on_a_plain_channel(self) -> None:
        with grpc.insecure_channel(ADDR) as channel:
            users = users_pb2_grpc.UsersServiceStub(channel)
            with self.assertRaises(GatewayError) as cm:
                call(users.GetUser, users_pb2.GetUserRequest(id="usr_missing"),
                     timeout=TIMEOUT, metadata=[("authorization", "Bearer " + TOKEN)])
        self.assertGatewayError(cm.exception, grpc.StatusCode.NOT_FOUND, "AUTHROCKET_NOT_FOUND")

    def test_method_not_allowed(self) -> None:
        realms = realms_pb2_grpc.RealmsServiceStub(self.channel)
        with self.assertRaises(GatewayError) as cm:
            realms.DeleteRealm(realms_pb2.DeleteRealmRequest(id="rl_missing"))
        err = cm.exception
        self.assertGatewayError(err, grpc.StatusCode.PERMISSION_DENIED, "METHOD_NOT_ALLOWED")
        self.assertIsNone(err.http_status, "refused before AuthRocket")


class TokensTest(GatewayTestCase):
    def test_verify_token(self) -> None:
        user = self.create_user("token")
        sessions = sessions_pb2_grpc.SessionsServiceStub(self.channel)
        session = sessions.CreateSession(
            sessions_pb2.CreateSessionRequest(session=sessions_pb2.SessionInput(user_id=user.id))
        ).session
        self.assertEqual(session.token.count("."), 2, "the token is a JWT")

        tokens = tokens_pb2_grpc.TokensServiceStub(self.channel)
        res = tokens.VerifyToken(tokens_pb2.VerifyTokenRequest(token=session.token, check_session=True))
        self.assertEqual(res.WhichOneof("result"), "session")
        self.assertEqual(res.session.id, session.id)
        self.assertEqual(res.session.user_id, user.id)

        res = tokens.VerifyToken(tokens_pb2.VerifyTokenRequest(token=session.token + "x"))
        self.assertEqual(res.WhichOneof("result"), "invalid_token", "a bad token is an answer, not an error")


if __name__ == "__main__":
    unittest.main()
