from authrocket.v2 import options_pb2 as _options_pb2
from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateResourceLinkRequest(_message.Message):
    __slots__ = ["realm_id", "request", "resource_link"]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_LINK_FIELD_NUMBER: _ClassVar[int]
    realm_id: str
    request: _resources_pb2.RequestContext
    resource_link: ResourceLinkInput
    def __init__(self, resource_link: _Optional[_Union[ResourceLinkInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateResourceLinkResponse(_message.Message):
    __slots__ = ["resource_link"]
    RESOURCE_LINK_FIELD_NUMBER: _ClassVar[int]
    resource_link: ResourceLink
    def __init__(self, resource_link: _Optional[_Union[ResourceLink, _Mapping]] = ...) -> None: ...

class DeleteResourceLinkRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteResourceLinkResponse(_message.Message):
    __slots__ = ["resource_link"]
    RESOURCE_LINK_FIELD_NUMBER: _ClassVar[int]
    resource_link: ResourceLink
    def __init__(self, resource_link: _Optional[_Union[ResourceLink, _Mapping]] = ...) -> None: ...

class GetResourceLinkRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetResourceLinkResponse(_message.Message):
    __slots__ = ["resource_link"]
    RESOURCE_LINK_FIELD_NUMBER: _ClassVar[int]
    resource_link: ResourceLink
    def __init__(self, resource_link: _Optional[_Union[ResourceLink, _Mapping]] = ...) -> None: ...

class ResourceLink(_message.Message):
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

class ResourceLinkInput(_message.Message):
    __slots__ = ["link_url", "resource_type", "title"]
    LINK_URL_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    link_url: str
    resource_type: str
    title: str
    def __init__(self, title: _Optional[str] = ..., link_url: _Optional[str] = ..., resource_type: _Optional[str] = ...) -> None: ...

class UpdateResourceLinkRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "resource_link"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_LINK_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    resource_link: ResourceLinkInput
    def __init__(self, id: _Optional[str] = ..., resource_link: _Optional[_Union[ResourceLinkInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateResourceLinkResponse(_message.Message):
    __slots__ = ["resource_link"]
    RESOURCE_LINK_FIELD_NUMBER: _ClassVar[int]
    resource_link: ResourceLink
    def __init__(self, resource_link: _Optional[_Union[ResourceLink, _Mapping]] = ...) -> None: ...
