"""connect() over TLS and mTLS, against a second gateway that serves TLS
and accepts client certificates (e2e/python_test.go starts it and sets
GATEWAY_TLS_ADDR, GATEWAY_TLS_CA, GATEWAY_TLS_CLIENT_CERT and
GATEWAY_TLS_CLIENT_KEY, PEM files). Its policy knows the client
certificate's SPIFFE ID as a caller of UsersService/Get* only, and the
bearer token of test_gateway's caller as a caller of UsersService/*.
"""

from __future__ import annotations

import os
import unittest

import grpc

from authrocket.v2 import users_pb2, users_pb2_grpc
from authrocket_gateway import GatewayError, connect

ADDR = os.environ.get("GATEWAY_TLS_ADDR", "")
TIMEOUT = 10.0


def read(env: str) -> bytes:
    with open(os.environ[env], "rb") as f:
        return f.read()


@unittest.skipUnless(ADDR, "GATEWAY_TLS_ADDR not set")
class TLSTest(unittest.TestCase):
    def users(self, token: str | None, **tls: bytes | bool) -> users_pb2_grpc.UsersServiceStub:
        channel = connect(ADDR, token, timeout=TIMEOUT, **tls)  # type: ignore[arg-type]
        self.addCleanup(channel.close)
        return users_pb2_grpc.UsersServiceStub(channel)

    def test_client_certificate_alone(self) -> None:
        users = self.users(None, tls=read("GATEWAY_TLS_CA"),
                           client_cert=read("GATEWAY_TLS_CLIENT_CERT"), client_key=read("GATEWAY_TLS_CLIENT_KEY"))
        # Allowed (Get*): the answer is AuthRocket's.
        with self.assertRaises(GatewayError) as cm:
            users.GetUser(users_pb2.GetUserRequest(id="usr_missing"))
        self.assertEqual(cm.exception.reason, "AUTHROCKET_NOT_FOUND", str(cm.exception))
        # Not allowed: the certificate's caller is held to its policy.
        with self.assertRaises(GatewayError) as cm:
            users.CreateUser(users_pb2.CreateUserRequest(user=users_pb2.UserInput(email="tls@example.com")))
        self.assertEqual(cm.exception.code, grpc.StatusCode.PERMISSION_DENIED, str(cm.exception))
        self.assertEqual(cm.exception.reason, "METHOD_NOT_ALLOWED")

    def test_bearer_token_over_tls(self) -> None:
        users = self.users(os.environ["GATEWAY_TOKEN"], tls=read("GATEWAY_TLS_CA"))
        users.ListUsers(users_pb2.ListUsersRequest(max_results=1))

    def test_untrusted_server(self) -> None:
        # The system's roots do not hold the test CA: the handshake fails.
        users = self.users(os.environ["GATEWAY_TOKEN"], tls=True)
        with self.assertRaises(GatewayError) as cm:
            users.ListUsers(users_pb2.ListUsersRequest(), timeout=5)
        self.assertEqual(cm.exception.code, grpc.StatusCode.UNAVAILABLE, str(cm.exception))
        self.assertIsNone(cm.exception.reason, "no answer from the gateway, no ErrorInfo")

    def test_arguments(self) -> None:
        with self.assertRaises(ValueError):
            connect(ADDR, "t", client_cert=b"x")
        with self.assertRaises(ValueError):
            connect(ADDR, "t", client_cert=b"x", client_key=b"y")  # no TLS
        with self.assertRaises(ValueError):
            connect(ADDR, "two\nlines")
        with self.assertRaises(ValueError):
            connect(ADDR, "t", timeout=0)


if __name__ == "__main__":
    unittest.main()
