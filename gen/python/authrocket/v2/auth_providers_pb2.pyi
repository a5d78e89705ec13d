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

class AuthProvider(_message.Message):
    __slots__ = ["auth_url", "authorization_url", "client_id", "created_at", "email_field", "email_verified_field", "first_name_field", "id", "id_field", "last_name_field", "loginrocket_domain", "min_complexity", "min_length", "name", "name_field", "object", "profile_url", "provider_type", "realm_id", "required_chars", "scopes", "state", "token_url"]
    AUTHORIZATION_URL_FIELD_NUMBER: _ClassVar[int]
    AUTH_URL_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_FIELD_NUMBER: _ClassVar[int]
    LOGINROCKET_DOMAIN_FIELD_NUMBER: _ClassVar[int]
    MIN_COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    MIN_LENGTH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    PROFILE_URL_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_CHARS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_URL_FIELD_NUMBER: _ClassVar[int]
    auth_url: str
    authorization_url: str
    client_id: str
    created_at: _timestamp_pb2.Timestamp
    email_field: str
    email_verified_field: str
    first_name_field: str
    id: str
    id_field: str
    last_name_field: str
    loginrocket_domain: str
    min_complexity: int
    min_length: int
    name: str
    name_field: str
    object: str
    profile_url: str
    provider_type: str
    realm_id: str
    required_chars: _containers.RepeatedScalarFieldContainer[str]
    scopes: str
    state: str
    token_url: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., provider_type: _Optional[str] = ..., name: _Optional[str] = ..., state: _Optional[str] = ..., min_length: _Optional[int] = ..., min_complexity: _Optional[int] = ..., required_chars: _Optional[_Iterable[str]] = ..., client_id: _Optional[str] = ..., scopes: _Optional[str] = ..., authorization_url: _Optional[str] = ..., token_url: _Optional[str] = ..., profile_url: _Optional[str] = ..., id_field: _Optional[str] = ..., email_field: _Optional[str] = ..., email_verified_field: _Optional[str] = ..., first_name_field: _Optional[str] = ..., last_name_field: _Optional[str] = ..., name_field: _Optional[str] = ..., loginrocket_domain: _Optional[str] = ..., auth_url: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AuthProviderInput(_message.Message):
    __slots__ = ["authorization_url", "client_id", "client_secret", "email_field", "email_verified_field", "first_name_field", "id_field", "last_name_field", "loginrocket_domain", "min_complexity", "min_length", "name", "name_field", "profile_url", "provider_type", "required_chars", "scopes", "state", "token_url"]
    AUTHORIZATION_URL_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFIED_FIELD_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_FIELD_NUMBER: _ClassVar[int]
    LOGINROCKET_DOMAIN_FIELD_NUMBER: _ClassVar[int]
    MIN_COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    MIN_LENGTH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROFILE_URL_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_CHARS_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_URL_FIELD_NUMBER: _ClassVar[int]
    authorization_url: str
    client_id: str
    client_secret: str
    email_field: str
    email_verified_field: str
    first_name_field: str
    id_field: str
    last_name_field: str
    loginrocket_domain: str
    min_complexity: int
    min_length: int
    name: str
    name_field: str
    profile_url: str
    provider_type: str
    required_chars: _containers.RepeatedScalarFieldContainer[str]
    scopes: str
    state: str
    token_url: str
    def __init__(self, provider_type: _Optional[str] = ..., name: _Optional[str] = ..., state: _Optional[str] = ..., min_length: _Optional[int] = ..., min_complexity: _Optional[int] = ..., required_chars: _Optional[_Iterable[str]] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., scopes: _Optional[str] = ..., authorization_url: _Optional[str] = ..., token_url: _Optional[str] = ..., profile_url: _Optional[str] = ..., id_field: _Optional[str] = ..., email_field: _Optional[str] = ..., email_verified_field: _Optional[str] = ..., first_name_field: _Optional[str] = ..., last_name_field: _Optional[str] = ..., name_field: _Optional[str] = ..., loginrocket_domain: _Optional[str] = ...) -> None: ...

class AuthorizeAuthProviderRequest(_message.Message):
    __slots__ = ["code", "nonce", "realm_id", "request", "state"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    code: str
    nonce: str
    realm_id: str
    request: _resources_pb2.RequestContext
    state: str
    def __init__(self, code: _Optional[str] = ..., state: _Optional[str] = ..., nonce: _Optional[str] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class AuthorizeAuthProviderResponse(_message.Message):
    __slots__ = ["session"]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: _resources_pb2.Session
    def __init__(self, session: _Optional[_Union[_resources_pb2.Session, _Mapping]] = ...) -> None: ...

class AuthorizeAuthProviderTokenRequest(_message.Message):
    __slots__ = ["access_token", "id", "realm_id", "request"]
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., access_token: _Optional[str] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class AuthorizeAuthProviderTokenResponse(_message.Message):
    __slots__ = ["session"]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: _resources_pb2.Session
    def __init__(self, session: _Optional[_Union[_resources_pb2.Session, _Mapping]] = ...) -> None: ...

class CreateAuthProviderRequest(_message.Message):
    __slots__ = ["auth_provider", "realm_id", "request"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProviderInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, auth_provider: _Optional[_Union[AuthProviderInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateAuthProviderResponse(_message.Message):
    __slots__ = ["auth_provider"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProvider
    def __init__(self, auth_provider: _Optional[_Union[AuthProvider, _Mapping]] = ...) -> None: ...

class DeleteAuthProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteAuthProviderResponse(_message.Message):
    __slots__ = ["auth_provider"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProvider
    def __init__(self, auth_provider: _Optional[_Union[AuthProvider, _Mapping]] = ...) -> None: ...

class GetAuthProviderAuthorizeUrlRequest(_message.Message):
    __slots__ = ["id", "nonce", "realm_id", "redirect_uri"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    id: str
    nonce: str
    realm_id: str
    redirect_uri: str
    def __init__(self, id: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., nonce: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetAuthProviderAuthorizeUrlResponse(_message.Message):
    __slots__ = ["auth_provider"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProvider
    def __init__(self, auth_provider: _Optional[_Union[AuthProvider, _Mapping]] = ...) -> None: ...

class GetAuthProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetAuthProviderResponse(_message.Message):
    __slots__ = ["auth_provider"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProvider
    def __init__(self, auth_provider: _Optional[_Union[AuthProvider, _Mapping]] = ...) -> None: ...

class ListAuthProviderAuthorizeUrlsRequest(_message.Message):
    __slots__ = ["nonce", "realm_id", "redirect_uri"]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    nonce: str
    realm_id: str
    redirect_uri: str
    def __init__(self, redirect_uri: _Optional[str] = ..., nonce: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class ListAuthProviderAuthorizeUrlsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[AuthProvider]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[AuthProvider, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class ListAuthProvidersRequest(_message.Message):
    __slots__ = ["after", "direction", "max_results", "provider_type", "realm_id", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    max_results: int
    provider_type: str
    realm_id: str
    sort: str
    state: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., provider_type: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListAuthProvidersResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[AuthProvider]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[AuthProvider, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class UpdateAuthProviderRequest(_message.Message):
    __slots__ = ["auth_provider", "id", "realm_id", "request"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProviderInput
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., auth_provider: _Optional[_Union[AuthProviderInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateAuthProviderResponse(_message.Message):
    __slots__ = ["auth_provider"]
    AUTH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    auth_provider: AuthProvider
    def __init__(self, auth_provider: _Optional[_Union[AuthProvider, _Mapping]] = ...) -> None: ...
