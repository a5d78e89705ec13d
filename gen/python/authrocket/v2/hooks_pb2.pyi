from authrocket.v2 import options_pb2 as _options_pb2
from authrocket.v2 import resources_pb2 as _resources_pb2
from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateHookRequest(_message.Message):
    __slots__ = ["hook", "realm_id", "request"]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    hook: HookInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, hook: _Optional[_Union[HookInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateHookResponse(_message.Message):
    __slots__ = ["hook"]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    hook: Hook
    def __init__(self, hook: _Optional[_Union[Hook, _Mapping]] = ...) -> None: ...

class DeleteHookRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteHookResponse(_message.Message):
    __slots__ = ["hook"]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    hook: Hook
    def __init__(self, hook: _Optional[_Union[Hook, _Mapping]] = ...) -> None: ...

class GetHookRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetHookResponse(_message.Message):
    __slots__ = ["hook"]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    hook: Hook
    def __init__(self, hook: _Optional[_Union[Hook, _Mapping]] = ...) -> None: ...

class Hook(_message.Message):
    __slots__ = ["accumulate", "created_at", "current_locales", "delay", "description", "destination", "email_renderers", "email_subjects", "email_templates", "email_to", "event_type", "hook_type", "id", "list_id", "locales", "mailing_list_provider_id", "name", "object", "on_create", "realm_id", "state", "visibility"]
    ACCUMULATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CURRENT_LOCALES_FIELD_NUMBER: _ClassVar[int]
    DELAY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    EMAIL_RENDERERS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    EMAIL_TO_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    HOOK_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALES_FIELD_NUMBER: _ClassVar[int]
    MAILING_LIST_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ON_CREATE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    accumulate: _struct_pb2.Value
    created_at: _timestamp_pb2.Timestamp
    current_locales: _containers.RepeatedScalarFieldContainer[str]
    delay: int
    description: str
    destination: str
    email_renderers: _struct_pb2.Struct
    email_subjects: _struct_pb2.Struct
    email_templates: _struct_pb2.Struct
    email_to: str
    event_type: str
    hook_type: str
    id: str
    list_id: str
    locales: _containers.RepeatedScalarFieldContainer[str]
    mailing_list_provider_id: str
    name: str
    object: str
    on_create: _struct_pb2.Value
    realm_id: str
    state: str
    visibility: _struct_pb2.Value
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., event_type: _Optional[str] = ..., hook_type: _Optional[str] = ..., state: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., destination: _Optional[str] = ..., delay: _Optional[int] = ..., accumulate: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., email_to: _Optional[str] = ..., email_subjects: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., email_templates: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., email_renderers: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., locales: _Optional[_Iterable[str]] = ..., current_locales: _Optional[_Iterable[str]] = ..., list_id: _Optional[str] = ..., mailing_list_provider_id: _Optional[str] = ..., on_create: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., visibility: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HookInput(_message.Message):
    __slots__ = ["accumulate", "delay", "description", "destination", "email_renderers", "email_subjects", "email_templates", "email_to", "event_type", "hook_type", "list_id", "locales", "mailing_list_provider_id", "name", "on_create", "state", "visibility"]
    ACCUMULATE_FIELD_NUMBER: _ClassVar[int]
    DELAY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    EMAIL_RENDERERS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    EMAIL_TO_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    HOOK_TYPE_FIELD_NUMBER: _ClassVar[int]
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALES_FIELD_NUMBER: _ClassVar[int]
    MAILING_LIST_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ON_CREATE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    accumulate: _struct_pb2.Value
    delay: int
    description: str
    destination: str
    email_renderers: _struct_pb2.Struct
    email_subjects: _struct_pb2.Struct
    email_templates: _struct_pb2.Struct
    email_to: str
    event_type: str
    hook_type: str
    list_id: str
    locales: _containers.RepeatedScalarFieldContainer[str]
    mailing_list_provider_id: str
    name: str
    on_create: _struct_pb2.Value
    state: str
    visibility: _struct_pb2.Value
    def __init__(self, event_type: _Optional[str] = ..., hook_type: _Optional[str] = ..., state: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., destination: _Optional[str] = ..., delay: _Optional[int] = ..., accumulate: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., email_to: _Optional[str] = ..., email_subjects: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., email_templates: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., email_renderers: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., locales: _Optional[_Iterable[str]] = ..., list_id: _Optional[str] = ..., mailing_list_provider_id: _Optional[str] = ..., on_create: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., visibility: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class ListHooksRequest(_message.Message):
    __slots__ = ["after", "direction", "event_type", "hook_type", "max_results", "realm_id", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    HOOK_TYPE_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    event_type: str
    hook_type: str
    max_results: int
    realm_id: str
    sort: str
    state: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., event_type: _Optional[str] = ..., hook_type: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListHooksResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[Hook]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[Hook, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class UpdateHookRequest(_message.Message):
    __slots__ = ["hook", "id", "realm_id", "request"]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    hook: HookInput
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., hook: _Optional[_Union[HookInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateHookResponse(_message.Message):
    __slots__ = ["hook"]
    HOOK_FIELD_NUMBER: _ClassVar[int]
    hook: Hook
    def __init__(self, hook: _Optional[_Union[Hook, _Mapping]] = ...) -> None: ...
