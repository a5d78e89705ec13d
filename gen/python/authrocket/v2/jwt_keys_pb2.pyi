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

class CreateJwtKeyRequest(_message.Message):
    __slots__ = ["jwt_key", "realm_id", "request"]
    JWT_KEY_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    jwt_key: JwtKeyInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, jwt_key: _Optional[_Union[JwtKeyInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateJwtKeyResponse(_message.Message):
    __slots__ = ["jwt_key"]
    JWT_KEY_FIELD_NUMBER: _ClassVar[int]
    jwt_key: JwtKey
    def __init__(self, jwt_key: _Optional[_Union[JwtKey, _Mapping]] = ...) -> None: ...

class DeleteJwtKeyRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteJwtKeyResponse(_message.Message):
    __slots__ = ["jwt_key"]
    JWT_KEY_FIELD_NUMBER: _ClassVar[int]
    jwt_key: JwtKey
    def __init__(self, jwt_key: _Optional[_Union[JwtKey, _Mapping]] = ...) -> None: ...

class GetJwtKeyRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetJwtKeyResponse(_message.Message):
    __slots__ = ["jwt_key"]
    JWT_KEY_FIELD_NUMBER: _ClassVar[int]
    jwt_key: JwtKey
    def __init__(self, jwt_key: _Optional[_Union[JwtKey, _Mapping]] = ...) -> None: ...

class JwtKey(_message.Message):
    __slots__ = ["algo", "created_at", "flags", "id", "key_material", "object", "realm_id", "short_key_material", "use"]
    ALGO_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_MATERIAL_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SHORT_KEY_MATERIAL_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    algo: str
    created_at: _timestamp_pb2.Timestamp
    flags: _containers.RepeatedScalarFieldContainer[str]
    id: str
    key_material: str
    object: str
    realm_id: str
    short_key_material: str
    use: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., algo: _Optional[str] = ..., use: _Optional[str] = ..., flags: _Optional[_Iterable[str]] = ..., key_material: _Optional[str] = ..., short_key_material: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class JwtKeyInput(_message.Message):
    __slots__ = ["algo", "use"]
    ALGO_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    algo: str
    use: str
    def __init__(self, algo: _Optional[str] = ..., use: _Optional[str] = ...) -> None: ...

class ListJwtKeysRequest(_message.Message):
    __slots__ = ["after", "direction", "max_results", "realm_id", "sort"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    max_results: int
    realm_id: str
    sort: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ...) -> None: ...

class ListJwtKeysResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[JwtKey]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[JwtKey, _Mapping]]] = ..., more_results: bool = ...) -> None: ...
