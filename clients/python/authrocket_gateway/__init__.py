"""A thin helper for calling the AuthRocket gateway over gRPC from Python.

The messages and stubs are the generated ones of ``gen/python``; this module
only adds what every caller would otherwise write again:

* :func:`connect` opens a channel whose calls carry the caller's credential
  (``authorization: Bearer <token>``) and a deadline, over plain text, TLS or
  mTLS, and whose failures raise :class:`GatewayError`;
* :class:`GatewayError` is a failed call with the gateway's error contract
  (``docs/errors.md``) decoded: the ``google.rpc.Status`` of the
  ``grpc-status-details-bin`` trailer, its ``ErrorInfo``, ``RetryInfo`` and
  ``BadRequest``;
* :func:`call` makes one call on any stub (also of a channel that
  :func:`connect` did not open) and raises :class:`GatewayError` on failure.

Both ``gen/python`` and ``clients/python`` must be on ``sys.path``.

>>> from authrocket.v2 import users_pb2, users_pb2_grpc
>>> with connect("127.0.0.1:50051", "devtoken") as channel:
...     users = users_pb2_grpc.UsersServiceStub(channel)
...     try:
...         users.GetUser(users_pb2.GetUserRequest(id="usr_missing"))
...     except GatewayError as err:
...         print(err.code, err.reason)
StatusCode.NOT_FOUND AUTHROCKET_NOT_FOUND
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Optional, TypeVar, Union

import grpc
from google.rpc import error_details_pb2, status_pb2

__all__ = ["DOMAIN", "DEFAULT_TIMEOUT", "GatewayError", "call", "connect"]

#: ``ErrorInfo.domain`` of every error the gateway itself describes.
DOMAIN = "authrocket-gateway"

#: The deadline, in seconds, of a call that sets none (the gateway's own
#: ``--default-deadline`` is 10 s too).
DEFAULT_TIMEOUT = 10.0

_STATUS_DETAILS_KEY = "grpc-status-details-bin"

Metadata = Sequence[tuple[str, Union[str, bytes]]]
Response = TypeVar("Response")


class GatewayError(Exception):
    """A call the gateway (or gRPC on its way) answered with an error.

    Attributes:
        code: the gRPC status code.
        message: the error's message (the ``google.rpc.Status`` message, else
            the call's details).
        reason: ``ErrorInfo.reason``, an UPPER_SNAKE reason of
            ``docs/errors.md`` (``AUTHROCKET_NOT_FOUND``,
            ``METHOD_NOT_ALLOWED``, ...); None when the error has no
            ``ErrorInfo`` (e.g. a deadline that passed in the client).
        domain: ``ErrorInfo.domain``, :data:`DOMAIN` when the gateway
            described the error.
        metadata: ``ErrorInfo.metadata``, all of it.
        gateway_request_id: the gateway's request ID (``gatewayRequestId``,
            else the ``x-request-id`` response metadata), to quote to the
            gateway's operator.
        authrocket_request_id: AuthRocket's request ID when AuthRocket
            answered.
        http_status: AuthRocket's HTTP status when AuthRocket answered.
        retry_delay: ``RetryInfo.retry_delay`` in seconds: how long to wait
            before trying again; None when the error does not say.
        field_violations: ``BadRequest.field_violations`` as
            ``(field, description)`` pairs.
        status: the decoded ``google.rpc.Status``, None without one.
        details: every detail of the status, unpacked when this module knows
            its type (those of ``google/rpc/error_details.proto``), else as
            ``google.protobuf.Any``.
    """

    code: grpc.StatusCode
    message: str
    reason: Optional[str]
    domain: Optional[str]
    metadata: dict[str, str]
    gateway_request_id: Optional[str]
    authrocket_request_id: Optional[str]
    http_status: Optional[int]
    retry_delay: Optional[float]
    field_violations: list[tuple[str, str]]
    status: Optional[status_pb2.Status]
    details: list[Any]

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        *,
        status: Optional[status_pb2.Status] = None,
        response_metadata: Metadata = (),
    ) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.details = [_unpack(d) for d in status.details] if status is not None else []
        info = _first(self.details, error_details_pb2.ErrorInfo)
        self.reason = info.reason if info is not None else None
        self.domain = info.domain if info is not None else None
        self.metadata = dict(info.metadata) if info is not None else {}
        self.gateway_request_id = self.metadata.get("gatewayRequestId") or _get(response_metadata, "x-request-id")
        self.authrocket_request_id = self.metadata.get("authrocketRequestId") or _get(
            response_metadata, "authrocket-request-id"
        )
        http_status = self.metadata.get("httpStatus") or _get(response_metadata, "authrocket-http-status")
        self.http_status = int(http_status) if http_status and http_status.isdigit() else None
        retry = _first(self.details, error_details_pb2.RetryInfo)
        self.retry_delay = (
            retry.retry_delay.ToNanoseconds() / 1e9 if retry is not None and retry.HasField("retry_delay") else None
        )
        self.field_violations = [
            (v.field, v.description)
            for bad in self.details
            if isinstance(bad, error_details_pb2.BadRequest)
            for v in bad.field_violations
        ]

    @classmethod
    def from_rpc_error(cls, err: grpc.RpcError) -> "GatewayError":
        """Decodes a failed call, as grpc raises it, into a GatewayError.

        ``err`` must be a failed call (its ``code()``, ``details()`` and
        ``trailing_metadata()`` answer), as a stub's call raises it. A status
        details trailer that does not decode is left out, not raised.
        """
        code = err.code() if callable(getattr(err, "code", None)) else grpc.StatusCode.UNKNOWN
        message = (err.details() if callable(getattr(err, "details", None)) else None) or ""
        trailers = _metadata(err, "trailing_metadata")
        headers = _metadata(err, "initial_metadata")
        status: Optional[status_pb2.Status] = None
        raw = _get(trailers, _STATUS_DETAILS_KEY, text=False)
        if isinstance(raw, bytes):
            try:
                status = status_pb2.Status.FromString(raw)
            except Exception:  # a malformed trailer must not hide the error itself
                status = None
        if status is not None and status.message:
            message = status.message
        return cls(code or grpc.StatusCode.UNKNOWN, message, status=status, response_metadata=[*headers, *trailers])


def connect(
    target: str,
    token: Optional[str],
    *,
    tls: Union[bool, bytes, None] = None,
    client_cert: Optional[bytes] = None,
    client_key: Optional[bytes] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    options: Sequence[tuple[str, Any]] = (),
) -> grpc.Channel:
    """Opens a channel to the gateway at ``target`` (``host:port``).

    Every call on the channel carries ``authorization: Bearer <token>`` (with
    a token) and,
    unless it sets its own, a deadline of ``timeout`` seconds (None: no
    deadline but the gateway's); a failed unary call raises
    :class:`GatewayError` (its future's ``result()`` too).

    Args:
        target: the gateway's gRPC address.
        token: the caller's gateway credential (never an AuthRocket key);
            None for a caller known by its client certificate alone.
        tls: None or False for plain text (a gateway on loopback, or behind
            a proxy that terminates TLS); True for TLS with the system's
            root certificates; PEM bytes for TLS trusting only those CAs.
        client_cert: for mTLS, the client certificate chain (PEM bytes);
            needs ``client_key`` and TLS.
        client_key: for mTLS, the client certificate's private key (PEM).
        timeout: the default deadline of each call, in seconds.
        options: more channel arguments, as ``grpc`` takes them (e.g.
            ``("grpc.ssl_target_name_override", "gateway.internal")``).

    Returns:
        A channel to make stubs on (``users_pb2_grpc.UsersServiceStub``);
        close it, or use it as a context manager.
    """
    if token is not None and (not token or any(c in token for c in "\r\n\0")):
        raise ValueError("token must be a non-empty credential on one line, or None")
    if (client_cert is None) != (client_key is None):
        raise ValueError("client_cert and client_key go together")
    if client_cert is not None and not tls:
        raise ValueError("a client certificate needs TLS: pass tls=True or the CA's PEM")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be positive, or None")
    if tls:
        creds = grpc.ssl_channel_credentials(
            root_certificates=tls if isinstance(tls, bytes) else None,
            private_key=client_key,
            certificate_chain=client_cert,
        )
        channel = grpc.secure_channel(target, creds, options=list(options))
    else:
        channel = grpc.insecure_channel(target, options=list(options))
    return grpc.intercept_channel(channel, _Interceptor(token, timeout))


def call(
    method: Callable[..., Response],
    request: Any,
    *,
    timeout: Optional[float] = None,
    metadata: Optional[Metadata] = None,
) -> Response:
    """Calls ``method`` (a stub's unary method) with ``request``.

    A failure raises :class:`GatewayError`, chained to grpc's error. On a
    channel of :func:`connect` it is the same as calling the method; on
    another channel it is the way to get GatewayError (that channel must
    send the credential itself).
    """
    try:
        return method(request, timeout=timeout, metadata=metadata)
    except GatewayError:
        raise
    except grpc.RpcError as err:
        raise GatewayError.from_rpc_error(err) from err


class _Interceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds the credential and the default deadline to every call, and
    turns a unary call's failure into a GatewayError."""

    def __init__(self, token: Optional[str], timeout: Optional[float]) -> None:
        self._auth = [("authorization", "Bearer " + token)] if token is not None else []
        self._timeout = timeout

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = list(details.metadata or ())
        if self._auth:
            metadata = [m for m in metadata if m[0].lower() != "authorization"] + self._auth
        return _CallDetails(
            method=details.method,
            timeout=details.timeout if details.timeout is not None else self._timeout,
            metadata=metadata,
            credentials=details.credentials,
            wait_for_ready=details.wait_for_ready,
            compression=details.compression,
        )

    def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return _Outcome(continuation(self._details(client_call_details), request))

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return _Outcome(continuation(self._details(client_call_details), request_iterator))

    def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)


class _CallDetails(grpc.ClientCallDetails):
    def __init__(self, **fields: Any) -> None:
        for name, value in fields.items():
            setattr(self, name, value)


class _Outcome:
    """A unary call's outcome (grpc.Call and grpc.Future) whose result()
    and exception() give a GatewayError rather than grpc's error."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def result(self, timeout: Optional[float] = None) -> Any:
        try:
            return self._inner.result(timeout)
        except grpc.RpcError as err:
            raise GatewayError.from_rpc_error(err) from err

    def exception(self, timeout: Optional[float] = None) -> Optional[BaseException]:
        err = self._inner.exception(timeout)
        return GatewayError.from_rpc_error(err) if isinstance(err, grpc.RpcError) else err

    def add_done_callback(self, fn: Callable[[Any], None]) -> None:
        self._inner.add_done_callback(lambda _: fn(self))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


_KNOWN_DETAILS = [
    error_details_pb2.ErrorInfo,
    error_details_pb2.RetryInfo,
    error_details_pb2.DebugInfo,
    error_details_pb2.QuotaFailure,
    error_details_pb2.PreconditionFailure,
    error_details_pb2.BadRequest,
    error_details_pb2.RequestInfo,
    error_details_pb2.ResourceInfo,
    error_details_pb2.Help,
    error_details_pb2.LocalizedMessage,
]


def _unpack(detail: Any) -> Any:
    for kind in _KNOWN_DETAILS:
        if detail.Is(kind.DESCRIPTOR):
            msg = kind()
            if detail.Unpack(msg):
                return msg
    return detail


T = TypeVar("T")


def _first(details: list[Any], kind: type[T]) -> Optional[T]:
    return next((d for d in details if isinstance(d, kind)), None)


def _metadata(err: Any, name: str) -> Metadata:
    get = getattr(err, name, None)
    if not callable(get):
        return ()
    try:
        return tuple(get() or ())
    except Exception:  # a call that never started has none
        return ()


def _get(metadata: Metadata, key: str, *, text: bool = True) -> Any:
    for k, v in metadata:
        if k == key:
            if text and isinstance(v, bytes):
                return v.decode("utf-8", "replace")
            return v
    return None
