from authrocket.v2 import options_pb2 as _options_pb2
from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateRealmRequest(_message.Message):
    __slots__ = ["realm", "request"]
    REALM_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    realm: RealmInput
    request: _resources_pb2.RequestContext
    def __init__(self, realm: _Optional[_Union[RealmInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ...) -> None: ...

class CreateRealmResponse(_message.Message):
    __slots__ = ["realm"]
    REALM_FIELD_NUMBER: _ClassVar[int]
    realm: _resources_pb2.Realm
    def __init__(self, realm: _Optional[_Union[_resources_pb2.Realm, _Mapping]] = ...) -> None: ...

class DeleteRealmRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteRealmResponse(_message.Message):
    __slots__ = ["realm"]
    REALM_FIELD_NUMBER: _ClassVar[int]
    realm: _resources_pb2.Realm
    def __init__(self, realm: _Optional[_Union[_resources_pb2.Realm, _Mapping]] = ...) -> None: ...

class GetRealmRequest(_message.Message):
    __slots__ = ["id", "state"]
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    state: str
    def __init__(self, id: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class GetRealmResponse(_message.Message):
    __slots__ = ["realm"]
    REALM_FIELD_NUMBER: _ClassVar[int]
    realm: _resources_pb2.Realm
    def __init__(self, realm: _Optional[_Union[_resources_pb2.Realm, _Mapping]] = ...) -> None: ...

class ListRealmsRequest(_message.Message):
    __slots__ = ["after", "direction", "max_results", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    max_results: int
    sort: str
    state: str
    def __init__(self, after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListRealmsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Realm]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[_resources_pb2.Realm, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class RealmInput(_message.Message):
    __slots__ = ["jwt_algo", "jwt_minutes", "jwt_scopes", "name", "org_mode", "session_minutes", "state"]
    JWT_ALGO_FIELD_NUMBER: _ClassVar[int]
    JWT_MINUTES_FIELD_NUMBER: _ClassVar[int]
    JWT_SCOPES_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORG_MODE_FIELD_NUMBER: _ClassVar[int]
    SESSION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    jwt_algo: str
    jwt_minutes: int
    jwt_scopes: str
    name: str
    org_mode: str
    session_minutes: int
    state: str
    def __init__(self, name: _Optional[str] = ..., state: _Optional[str] = ..., jwt_algo: _Optional[str] = ..., jwt_scopes: _Optional[str] = ..., jwt_minutes: _Optional[int] = ..., session_minutes: _Optional[int] = ..., org_mode: _Optional[str] = ...) -> None: ...

class ResetRealmRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ResetRealmResponse(_message.Message):
    __slots__ = ["realm"]
    REALM_FIELD_NUMBER: _ClassVar[int]
    realm: _resources_pb2.Realm
    def __init__(self, realm: _Optional[_Union[_resources_pb2.Realm, _Mapping]] = ...) -> None: ...

class UpdateRealmRequest(_message.Message):
    __slots__ = ["id", "realm", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm: RealmInput
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., realm: _Optional[_Union[RealmInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ...) -> None: ...

class UpdateRealmResponse(_message.Message):
    __slots__ = ["realm"]
    REALM_FIELD_NUMBER: _ClassVar[int]
    realm: _resources_pb2.Realm
    def __init__(self, realm: _Optional[_Union[_resources_pb2.Realm, _Mapping]] = ...) -> None: ...
