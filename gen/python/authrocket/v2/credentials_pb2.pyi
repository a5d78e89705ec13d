from authrocket.v2 import options_pb2 as _options_pb2
from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateCredentialRequest(_message.Message):
    __slots__ = ["credential", "realm_id", "request"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, credential: _Optional[_Union[CredentialInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateCredentialResponse(_message.Message):
    __slots__ = ["credential"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialDetail
    def __init__(self, credential: _Optional[_Union[CredentialDetail, _Mapping]] = ...) -> None: ...

class CredentialDetail(_message.Message):
    __slots__ = ["approved_scopes", "auth_provider_id", "client_app_id", "client_app_name", "created_at", "credential_type", "id", "name", "object", "otp_secret", "provider_user_id", "provisioning_svg", "provisioning_uri", "state", "token_expires_at", "user_id"]
    APPROVED_SCOPES_FIELD_NUMBER: _ClassVar[int]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_APP_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_APP_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    OTP_SECRET_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVISIONING_SVG_FIELD_NUMBER: _ClassVar[int]
    PROVISIONING_URI_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    approved_scopes: _containers.RepeatedScalarFieldContainer[str]
    auth_provider_id: str
    client_app_id: str
    client_app_name: str
    created_at: _timestamp_pb2.Timestamp
    credential_type: str
    id: str
    name: str
    object: str
    otp_secret: str
    provider_user_id: str
    provisioning_svg: str
    provisioning_uri: str
    state: str
    token_expires_at: _timestamp_pb2.Timestamp
    user_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., user_id: _Optional[str] = ..., credential_type: _Optional[str] = ..., state: _Optional[str] = ..., name: _Optional[str] = ..., auth_provider_id: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., otp_secret: _Optional[str] = ..., provisioning_uri: _Optional[str] = ..., provisioning_svg: _Optional[str] = ..., provider_user_id: _Optional[str] = ..., token_expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., client_app_id: _Optional[str] = ..., client_app_name: _Optional[str] = ..., approved_scopes: _Optional[_Iterable[str]] = ...) -> None: ...

class CredentialInput(_message.Message):
    __slots__ = ["auth_provider_id", "credential_type", "name", "password", "password_confirmation", "provider_user_id", "user_id"]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CONFIRMATION_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    auth_provider_id: str
    credential_type: str
    name: str
    password: str
    password_confirmation: str
    provider_user_id: str
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., credential_type: _Optional[str] = ..., auth_provider_id: _Optional[str] = ..., name: _Optional[str] = ..., password: _Optional[str] = ..., password_confirmation: _Optional[str] = ..., provider_user_id: _Optional[str] = ...) -> None: ...

class DeleteCredentialRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteCredentialResponse(_message.Message):
    __slots__ = ["credential"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialDetail
    def __init__(self, credential: _Optional[_Union[CredentialDetail, _Mapping]] = ...) -> None: ...

class GetCredentialRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetCredentialResponse(_message.Message):
    __slots__ = ["credential"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialDetail
    def __init__(self, credential: _Optional[_Union[CredentialDetail, _Mapping]] = ...) -> None: ...

class UpdateCredentialRequest(_message.Message):
    __slots__ = ["credential", "id", "realm_id", "request"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialInput
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., credential: _Optional[_Union[CredentialInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateCredentialResponse(_message.Message):
    __slots__ = ["credential"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialDetail
    def __init__(self, credential: _Optional[_Union[CredentialDetail, _Mapping]] = ...) -> None: ...

class VerifyCredentialInput(_message.Message):
    __slots__ = ["code"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class VerifyCredentialRequest(_message.Message):
    __slots__ = ["credential", "id", "realm_id", "request"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    credential: VerifyCredentialInput
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., credential: _Optional[_Union[VerifyCredentialInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class VerifyCredentialResponse(_message.Message):
    __slots__ = ["credential"]
    CREDENTIAL_FIELD_NUMBER: _ClassVar[int]
    credential: CredentialDetail
    def __init__(self, credential: _Optional[_Union[CredentialDetail, _Mapping]] = ...) -> None: ...
