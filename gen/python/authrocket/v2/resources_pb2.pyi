from authrocket.v2 import options_pb2 as _options_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protoc_gen_openapiv2.options import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Credential(_message.Message):
    __slots__ = ["auth_provider_id", "created_at", "credential_type", "id", "name", "object", "state", "user_id"]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREDENTIAL_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    auth_provider_id: str
    created_at: _timestamp_pb2.Timestamp
    credential_type: str
    id: str
    name: str
    object: str
    state: str
    user_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., user_id: _Optional[str] = ..., credential_type: _Optional[str] = ..., state: _Optional[str] = ..., name: _Optional[str] = ..., auth_provider_id: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Membership(_message.Message):
    __slots__ = ["created_at", "expires_at", "id", "object", "org", "org_id", "permissions", "selected", "user", "user_id"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ORG_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    SELECTED_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    id: str
    object: str
    org: Org
    org_id: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    selected: bool
    user: User
    user_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., org_id: _Optional[str] = ..., user_id: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., selected: bool = ..., expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., user: _Optional[_Union[User, _Mapping]] = ..., org: _Optional[_Union[Org, _Mapping]] = ...) -> None: ...

class Org(_message.Message):
    __slots__ = ["created_at", "custom", "id", "name", "object", "realm_id", "reference", "state"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    custom: _struct_pb2.Struct
    id: str
    name: str
    object: str
    realm_id: str
    reference: str
    state: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., name: _Optional[str] = ..., state: _Optional[str] = ..., reference: _Optional[str] = ..., custom: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Realm(_message.Message):
    __slots__ = ["created_at", "id", "jwt_algo", "jwt_key_material", "jwt_minutes", "jwt_scopes", "name", "named_permissions", "object", "org_mode", "resource_links", "session_minutes", "state"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    JWT_ALGO_FIELD_NUMBER: _ClassVar[int]
    JWT_KEY_MATERIAL_FIELD_NUMBER: _ClassVar[int]
    JWT_MINUTES_FIELD_NUMBER: _ClassVar[int]
    JWT_SCOPES_FIELD_NUMBER: _ClassVar[int]
    NAMED_PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ORG_MODE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_LINKS_FIELD_NUMBER: _ClassVar[int]
    SESSION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    id: str
    jwt_algo: str
    jwt_key_material: str
    jwt_minutes: int
    jwt_scopes: str
    name: str
    named_permissions: _containers.RepeatedCompositeFieldContainer[RealmNamedPermission]
    object: str
    org_mode: str
    resource_links: _containers.RepeatedCompositeFieldContainer[RealmResourceLink]
    session_minutes: int
    state: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., name: _Optional[str] = ..., state: _Optional[str] = ..., jwt_algo: _Optional[str] = ..., jwt_scopes: _Optional[str] = ..., jwt_minutes: _Optional[int] = ..., session_minutes: _Optional[int] = ..., org_mode: _Optional[str] = ..., jwt_key_material: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., named_permissions: _Optional[_Iterable[_Union[RealmNamedPermission, _Mapping]]] = ..., resource_links: _Optional[_Iterable[_Union[RealmResourceLink, _Mapping]]] = ...) -> None: ...

class RealmNamedPermission(_message.Message):
    __slots__ = ["auto_grant", "created_at", "id", "name", "object", "permission", "realm_id"]
    AUTO_GRANT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    auto_grant: bool
    created_at: _timestamp_pb2.Timestamp
    id: str
    name: str
    object: str
    permission: str
    realm_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., name: _Optional[str] = ..., permission: _Optional[str] = ..., auto_grant: bool = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RealmResourceLink(_message.Message):
    __slots__ = ["created_at", "id", "link_url", "object", "realm_id", "resource_type", "title"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LINK_URL_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    id: str
    link_url: str
    object: str
    realm_id: str
    resource_type: str
    title: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., title: _Optional[str] = ..., link_url: _Optional[str] = ..., resource_type: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RequestContext(_message.Message):
    __slots__ = ["client", "ip"]
    CLIENT_FIELD_NUMBER: _ClassVar[int]
    IP_FIELD_NUMBER: _ClassVar[int]
    client: str
    ip: str
    def __init__(self, ip: _Optional[str] = ..., client: _Optional[str] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ["client_app_id", "created_at", "expires_at", "id", "object", "request", "token", "user", "user_id"]
    CLIENT_APP_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    client_app_id: str
    created_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    id: str
    object: str
    request: RequestContext
    token: str
    user: User
    user_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., user_id: _Optional[str] = ..., client_app_id: _Optional[str] = ..., token: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., request: _Optional[_Union[RequestContext, _Mapping]] = ..., user: _Optional[_Union[User, _Mapping]] = ...) -> None: ...

class Token(_message.Message):
    __slots__ = ["object", "token", "user_id"]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    object: str
    token: str
    user_id: str
    def __init__(self, object: _Optional[str] = ..., token: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ["created_at", "credentials", "custom", "email", "email_pending", "email_verification", "first_name", "id", "last_login_at", "last_name", "locale", "memberships", "name", "object", "realm_id", "reference", "state", "username"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_PENDING_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LAST_LOGIN_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIPS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    credentials: _containers.RepeatedCompositeFieldContainer[Credential]
    custom: _struct_pb2.Struct
    email: str
    email_pending: str
    email_verification: str
    first_name: str
    id: str
    last_login_at: _timestamp_pb2.Timestamp
    last_name: str
    locale: str
    memberships: _containers.RepeatedCompositeFieldContainer[Membership]
    name: str
    object: str
    realm_id: str
    reference: str
    state: str
    username: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., state: _Optional[str] = ..., email: _Optional[str] = ..., email_pending: _Optional[str] = ..., email_verification: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., name: _Optional[str] = ..., username: _Optional[str] = ..., locale: _Optional[str] = ..., reference: _Optional[str] = ..., custom: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., last_login_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., credentials: _Optional[_Iterable[_Union[Credential, _Mapping]]] = ..., memberships: _Optional[_Iterable[_Union[Membership, _Mapping]]] = ...) -> None: ...
