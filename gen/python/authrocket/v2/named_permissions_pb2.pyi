from authrocket.v2 import options_pb2 as _options_pb2
from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateNamedPermissionRequest(_message.Message):
    __slots__ = ["named_permission", "realm_id", "request"]
    NAMED_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    named_permission: NamedPermissionInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, named_permission: _Optional[_Union[NamedPermissionInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateNamedPermissionResponse(_message.Message):
    __slots__ = ["named_permission"]
    NAMED_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    named_permission: NamedPermission
    def __init__(self, named_permission: _Optional[_Union[NamedPermission, _Mapping]] = ...) -> None: ...

class DeleteNamedPermissionRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteNamedPermissionResponse(_message.Message):
    __slots__ = ["named_permission"]
    NAMED_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    named_permission: NamedPermission
    def __init__(self, named_permission: _Optional[_Union[NamedPermission, _Mapping]] = ...) -> None: ...

class GetNamedPermissionRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetNamedPermissionResponse(_message.Message):
    __slots__ = ["named_permission"]
    NAMED_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    named_permission: NamedPermission
    def __init__(self, named_permission: _Optional[_Union[NamedPermission, _Mapping]] = ...) -> None: ...

class NamedPermission(_message.Message):
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

class NamedPermissionInput(_message.Message):
    __slots__ = ["auto_grant", "name", "permission"]
    AUTO_GRANT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERMISSION_FIELD_NUMBER: _ClassVar[int]
    auto_grant: bool
    name: str
    permission: str
    def __init__(self, name: _Optional[str] = ..., permission: _Optional[str] = ..., auto_grant: bool = ...) -> None: ...

class UpdateNamedPermissionRequest(_message.Message):
    __slots__ = ["id", "named_permission", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    NAMED_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    named_permission: NamedPermissionInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., named_permission: _Optional[_Union[NamedPermissionInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateNamedPermissionResponse(_message.Message):
    __slots__ = ["named_permission"]
    NAMED_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    named_permission: NamedPermission
    def __init__(self, named_permission: _Optional[_Union[NamedPermission, _Mapping]] = ...) -> None: ...
