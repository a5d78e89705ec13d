from authrocket.v2 import options_pb2 as _options_pb2
from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateOrgRequest(_message.Message):
    __slots__ = ["org", "realm_id", "request"]
    ORG_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    org: OrgInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, org: _Optional[_Union[OrgInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateOrgResponse(_message.Message):
    __slots__ = ["org"]
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: _resources_pb2.Org
    def __init__(self, org: _Optional[_Union[_resources_pb2.Org, _Mapping]] = ...) -> None: ...

class DeleteOrgRequest(_message.Message):
    __slots__ = ["force", "id", "realm_id"]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    force: bool
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., force: bool = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteOrgResponse(_message.Message):
    __slots__ = ["org"]
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: _resources_pb2.Org
    def __init__(self, org: _Optional[_Union[_resources_pb2.Org, _Mapping]] = ...) -> None: ...

class GetOrgRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetOrgResponse(_message.Message):
    __slots__ = ["org"]
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: _resources_pb2.Org
    def __init__(self, org: _Optional[_Union[_resources_pb2.Org, _Mapping]] = ...) -> None: ...

class ListOrgsRequest(_message.Message):
    __slots__ = ["after", "direction", "expand", "max_results", "realm_id", "reference", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    EXPAND_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    expand: _containers.RepeatedScalarFieldContainer[str]
    max_results: int
    realm_id: str
    reference: str
    sort: str
    state: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., reference: _Optional[str] = ..., state: _Optional[str] = ..., expand: _Optional[_Iterable[str]] = ...) -> None: ...

class ListOrgsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Org]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[_resources_pb2.Org, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class OrgInput(_message.Message):
    __slots__ = ["custom", "name", "reference", "state"]
    CUSTOM_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    custom: _struct_pb2.Struct
    name: str
    reference: str
    state: str
    def __init__(self, name: _Optional[str] = ..., state: _Optional[str] = ..., reference: _Optional[str] = ..., custom: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class UpdateOrgRequest(_message.Message):
    __slots__ = ["id", "org", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    ORG_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    org: OrgInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., org: _Optional[_Union[OrgInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateOrgResponse(_message.Message):
    __slots__ = ["org"]
    ORG_FIELD_NUMBER: _ClassVar[int]
    org: _resources_pb2.Org
    def __init__(self, org: _Optional[_Union[_resources_pb2.Org, _Mapping]] = ...) -> None: ...
