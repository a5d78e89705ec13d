from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvalidToken(_message.Message):
    __slots__ = ["message", "object", "reason"]
    class Reason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = []
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REASON_ALGORITHM_NOT_ALLOWED: InvalidToken.Reason
    REASON_BAD_SIGNATURE: InvalidToken.Reason
    REASON_EXPIRED: InvalidToken.Reason
    REASON_FIELD_NUMBER: _ClassVar[int]
    REASON_FOREIGN_REALM: InvalidToken.Reason
    REASON_MALFORMED: InvalidToken.Reason
    REASON_NOT_YET_VALID: InvalidToken.Reason
    REASON_REVOKED: InvalidToken.Reason
    REASON_TOO_OLD: InvalidToken.Reason
    REASON_UNKNOWN_KEY: InvalidToken.Reason
    REASON_UNSPECIFIED: InvalidToken.Reason
    REASON_WRONG_ISSUER: InvalidToken.Reason
    message: str
    object: str
    reason: InvalidToken.Reason
    def __init__(self, object: _Optional[str] = ..., reason: _Optional[_Union[InvalidToken.Reason, str]] = ..., message: _Optional[str] = ...) -> None: ...

class VerifyTokenRequest(_message.Message):
    __slots__ = ["check_session", "max_age", "token"]
    CHECK_SESSION_FIELD_NUMBER: _ClassVar[int]
    MAX_AGE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    check_session: bool
    max_age: _duration_pb2.Duration
    token: str
    def __init__(self, token: _Optional[str] = ..., max_age: _Optional[_Union[_duration_pb2.Duration, _Mapping]] = ..., check_session: bool = ...) -> None: ...

class VerifyTokenResponse(_message.Message):
    __slots__ = ["invalid_token", "session"]
    INVALID_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    invalid_token: InvalidToken
    session: _resources_pb2.Session
    def __init__(self, session: _Optional[_Union[_resources_pb2.Session, _Mapping]] = ..., invalid_token: _Optional[_Union[InvalidToken, _Mapping]] = ...) -> None: ...
