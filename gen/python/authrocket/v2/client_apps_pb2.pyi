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

class ClientApp(_message.Message):
    __slots__ = ["allowed_scopes", "app_type", "client_type", "created_at", "id", "logo", "name", "object", "realm_id", "redirect_uris", "secret", "state", "trusted"]
    ALLOWED_SCOPES_FIELD_NUMBER: _ClassVar[int]
    APP_TYPE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LOGO_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URIS_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TRUSTED_FIELD_NUMBER: _ClassVar[int]
    allowed_scopes: _containers.RepeatedScalarFieldContainer[str]
    app_type: str
    client_type: str
    created_at: _timestamp_pb2.Timestamp
    id: str
    logo: str
    name: str
    object: str
    realm_id: str
    redirect_uris: _containers.RepeatedScalarFieldContainer[str]
    secret: str
    state: str
    trusted: bool
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., client_type: _Optional[str] = ..., name: _Optional[str] = ..., redirect_uris: _Optional[_Iterable[str]] = ..., state: _Optional[str] = ..., allowed_scopes: _Optional[_Iterable[str]] = ..., app_type: _Optional[str] = ..., logo: _Optional[str] = ..., secret: _Optional[str] = ..., trusted: bool = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ClientAppInput(_message.Message):
    __slots__ = ["allowed_scopes", "app_type", "client_type", "logo", "name", "redirect_uris", "state", "trusted"]
    ALLOWED_SCOPES_FIELD_NUMBER: _ClassVar[int]
    APP_TYPE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    LOGO_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URIS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TRUSTED_FIELD_NUMBER: _ClassVar[int]
    allowed_scopes: _containers.RepeatedScalarFieldContainer[str]
    app_type: str
    client_type: str
    logo: str
    name: str
    redirect_uris: _containers.RepeatedScalarFieldContainer[str]
    state: str
    trusted: bool
    def __init__(self, client_type: _Optional[str] = ..., name: _Optional[str] = ..., redirect_uris: _Optional[_Iterable[str]] = ..., state: _Optional[str] = ..., allowed_scopes: _Optional[_Iterable[str]] = ..., app_type: _Optional[str] = ..., logo: _Optional[str] = ..., trusted: bool = ...) -> None: ...

class CreateClientAppRequest(_message.Message):
    __slots__ = ["client_app", "realm_id", "request"]
    CLIENT_APP_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    client_app: ClientAppInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, client_app: _Optional[_Union[ClientAppInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateClientAppResponse(_message.Message):
    __slots__ = ["client_app"]
    CLIENT_APP_FIELD_NUMBER: _ClassVar[int]
    client_app: ClientApp
    def __init__(self, client_app: _Optional[_Union[ClientApp, _Mapping]] = ...) -> None: ...

class DeleteClientAppRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteClientAppResponse(_message.Message):
    __slots__ = ["client_app"]
    CLIENT_APP_FIELD_NUMBER: _ClassVar[int]
    client_app: ClientApp
    def __init__(self, client_app: _Optional[_Union[ClientApp, _Mapping]] = ...) -> None: ...

class GetClientAppRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetClientAppResponse(_message.Message):
    __slots__ = ["client_app"]
    CLIENT_APP_FIELD_NUMBER: _ClassVar[int]
    client_app: ClientApp
    def __init__(self, client_app: _Optional[_Union[ClientApp, _Mapping]] = ...) -> None: ...

class ListClientAppsRequest(_message.Message):
    __slots__ = ["after", "client_type", "direction", "max_results", "realm_id", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    CLIENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    client_type: str
    direction: str
    max_results: int
    realm_id: str
    sort: str
    state: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., client_type: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListClientAppsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[ClientApp]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[ClientApp, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class UpdateClientAppRequest(_message.Message):
    __slots__ = ["client_app", "id", "realm_id", "request"]
    CLIENT_APP_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    client_app: ClientAppInput
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., client_app: _Optional[_Union[ClientAppInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateClientAppResponse(_message.Message):
    __slots__ = ["client_app"]
    CLIENT_APP_FIELD_NUMBER: _ClassVar[int]
    client_app: ClientApp
    def __init__(self, client_app: _Optional[_Union[ClientApp, _Mapping]] = ...) -> None: ...
