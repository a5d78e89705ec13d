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

class CreateMailingListSubscriptionRequest(_message.Message):
    __slots__ = ["mailing_list_subscription", "realm_id", "request"]
    MAILING_LIST_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    mailing_list_subscription: MailingListSubscriptionInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, mailing_list_subscription: _Optional[_Union[MailingListSubscriptionInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateMailingListSubscriptionResponse(_message.Message):
    __slots__ = ["mailing_list_subscription"]
    MAILING_LIST_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    mailing_list_subscription: MailingListSubscription
    def __init__(self, mailing_list_subscription: _Optional[_Union[MailingListSubscription, _Mapping]] = ...) -> None: ...

class DeleteMailingListSubscriptionRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteMailingListSubscriptionResponse(_message.Message):
    __slots__ = ["mailing_list_subscription"]
    MAILING_LIST_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    mailing_list_subscription: MailingListSubscription
    def __init__(self, mailing_list_subscription: _Optional[_Union[MailingListSubscription, _Mapping]] = ...) -> None: ...

class GetMailingListSubscriptionRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetMailingListSubscriptionResponse(_message.Message):
    __slots__ = ["mailing_list_subscription"]
    MAILING_LIST_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    mailing_list_subscription: MailingListSubscription
    def __init__(self, mailing_list_subscription: _Optional[_Union[MailingListSubscription, _Mapping]] = ...) -> None: ...

class ListMailingListSubscriptionsRequest(_message.Message):
    __slots__ = ["after", "direction", "hook_id", "list_state", "max_results", "realm_id", "sort", "user_id"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    HOOK_ID_FIELD_NUMBER: _ClassVar[int]
    LIST_STATE_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    hook_id: str
    list_state: str
    max_results: int
    realm_id: str
    sort: str
    user_id: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., user_id: _Optional[str] = ..., hook_id: _Optional[str] = ..., list_state: _Optional[str] = ...) -> None: ...

class ListMailingListSubscriptionsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[MailingListSubscription]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[MailingListSubscription, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class MailingListSubscription(_message.Message):
    __slots__ = ["created_at", "hook_id", "id", "list_state", "object", "user_id"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    HOOK_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    LIST_STATE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    hook_id: str
    id: str
    list_state: str
    object: str
    user_id: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., user_id: _Optional[str] = ..., hook_id: _Optional[str] = ..., list_state: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MailingListSubscriptionInput(_message.Message):
    __slots__ = ["hook_id", "list_state", "user_id"]
    HOOK_ID_FIELD_NUMBER: _ClassVar[int]
    LIST_STATE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    hook_id: str
    list_state: str
    user_id: str
    def __init__(self, user_id: _Optional[str] = ..., hook_id: _Optional[str] = ..., list_state: _Optional[str] = ...) -> None: ...

class UpdateMailingListSubscriptionRequest(_message.Message):
    __slots__ = ["id", "mailing_list_subscription", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    MAILING_LIST_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    mailing_list_subscription: MailingListSubscriptionInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., mailing_list_subscription: _Optional[_Union[MailingListSubscriptionInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateMailingListSubscriptionResponse(_message.Message):
    __slots__ = ["mailing_list_subscription"]
    MAILING_LIST_SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    mailing_list_subscription: MailingListSubscription
    def __init__(self, mailing_list_subscription: _Optional[_Union[MailingListSubscription, _Mapping]] = ...) -> None: ...
