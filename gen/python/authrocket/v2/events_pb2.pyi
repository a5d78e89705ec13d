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

class Event(_message.Message):
    __slots__ = ["auth_provider_id", "event_at", "event_type", "expires_at", "id", "invitation_id", "membership_id", "notifications", "object", "org_id", "realm_id", "request", "session_id", "user_id"]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_AT_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_ID_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    auth_provider_id: str
    event_at: _timestamp_pb2.Timestamp
    event_type: str
    expires_at: _timestamp_pb2.Timestamp
    id: str
    invitation_id: str
    membership_id: str
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    object: str
    org_id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    session_id: str
    user_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., event_type: _Optional[str] = ..., event_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., realm_id: _Optional[str] = ..., user_id: _Optional[str] = ..., org_id: _Optional[str] = ..., membership_id: _Optional[str] = ..., invitation_id: _Optional[str] = ..., auth_provider_id: _Optional[str] = ..., session_id: _Optional[str] = ..., expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ...) -> None: ...

class GetEventRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetEventResponse(_message.Message):
    __slots__ = ["event"]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class ListEventsRequest(_message.Message):
    __slots__ = ["after", "auth_provider_id", "created_at_after", "direction", "event_type", "expand", "invitation_id", "max_results", "membership_id", "org_id", "realm_id", "session_id", "sort", "user_id"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXPAND_FIELD_NUMBER: _ClassVar[int]
    INVITATION_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    after: str
    auth_provider_id: str
    created_at_after: str
    direction: str
    event_type: _containers.RepeatedScalarFieldContainer[str]
    expand: _containers.RepeatedScalarFieldContainer[str]
    invitation_id: str
    max_results: int
    membership_id: str
    org_id: str
    realm_id: str
    session_id: str
    sort: str
    user_id: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., event_type: _Optional[_Iterable[str]] = ..., created_at_after: _Optional[str] = ..., user_id: _Optional[str] = ..., org_id: _Optional[str] = ..., membership_id: _Optional[str] = ..., invitation_id: _Optional[str] = ..., auth_provider_id: _Optional[str] = ..., session_id: _Optional[str] = ..., expand: _Optional[_Iterable[str]] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[Event]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ["attempts", "event_id", "hook_id", "hook_type", "id", "last_attempt_at", "last_destination", "last_result", "object", "state"]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    HOOK_ID_FIELD_NUMBER: _ClassVar[int]
    HOOK_TYPE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LAST_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_DESTINATION_FIELD_NUMBER: _ClassVar[int]
    LAST_RESULT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    attempts: int
    event_id: str
    hook_id: str
    hook_type: str
    id: str
    last_attempt_at: _timestamp_pb2.Timestamp
    last_destination: str
    last_result: str
    object: str
    state: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., event_id: _Optional[str] = ..., hook_id: _Optional[str] = ..., hook_type: _Optional[str] = ..., state: _Optional[str] = ..., attempts: _Optional[int] = ..., last_attempt_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., last_destination: _Optional[str] = ..., last_result: _Optional[str] = ...) -> None: ...
