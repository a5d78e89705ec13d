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

class CreateMailingListProviderRequest(_message.Message):
    __slots__ = ["mailing_list_provider", "realm_id", "request"]
    MAILING_LIST_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    mailing_list_provider: MailingListProviderInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, mailing_list_provider: _Optional[_Union[MailingListProviderInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateMailingListProviderResponse(_message.Message):
    __slots__ = ["mailing_list_provider"]
    MAILING_LIST_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    mailing_list_provider: MailingListProvider
    def __init__(self, mailing_list_provider: _Optional[_Union[MailingListProvider, _Mapping]] = ...) -> None: ...

class DeleteMailingListProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteMailingListProviderResponse(_message.Message):
    __slots__ = ["mailing_list_provider"]
    MAILING_LIST_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    mailing_list_provider: MailingListProvider
    def __init__(self, mailing_list_provider: _Optional[_Union[MailingListProvider, _Mapping]] = ...) -> None: ...

class GetMailingListProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetMailingListProviderResponse(_message.Message):
    __slots__ = ["mailing_list_provider"]
    MAILING_LIST_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    mailing_list_provider: MailingListProvider
    def __init__(self, mailing_list_provider: _Optional[_Union[MailingListProvider, _Mapping]] = ...) -> None: ...

class ListMailingListProvidersRequest(_message.Message):
    __slots__ = ["after", "direction", "max_results", "provider_type", "realm_id", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    max_results: int
    provider_type: str
    realm_id: str
    sort: str
    state: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., state: _Optional[str] = ..., provider_type: _Optional[str] = ...) -> None: ...

class ListMailingListProvidersResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[MailingListProvider]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[MailingListProvider, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class MailingListProvider(_message.Message):
    __slots__ = ["api_endpoint", "created_at", "id", "object", "provider_account", "provider_name", "provider_type", "realm_id", "state", "valid_list_ids"]
    API_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VALID_LIST_IDS_FIELD_NUMBER: _ClassVar[int]
    api_endpoint: str
    created_at: _timestamp_pb2.Timestamp
    id: str
    object: str
    provider_account: str
    provider_name: str
    provider_type: str
    realm_id: str
    state: str
    valid_list_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., provider_name: _Optional[str] = ..., provider_type: _Optional[str] = ..., state: _Optional[str] = ..., api_endpoint: _Optional[str] = ..., provider_account: _Optional[str] = ..., valid_list_ids: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MailingListProviderInput(_message.Message):
    __slots__ = ["api_endpoint", "provider_account", "provider_name", "provider_type", "state", "valid_list_ids"]
    API_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    VALID_LIST_IDS_FIELD_NUMBER: _ClassVar[int]
    api_endpoint: str
    provider_account: str
    provider_name: str
    provider_type: str
    state: str
    valid_list_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, provider_name: _Optional[str] = ..., provider_type: _Optional[str] = ..., state: _Optional[str] = ..., api_endpoint: _Optional[str] = ..., provider_account: _Optional[str] = ..., valid_list_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateMailingListProviderRequest(_message.Message):
    __slots__ = ["id", "mailing_list_provider", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    MAILING_LIST_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    mailing_list_provider: MailingListProviderInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., mailing_list_provider: _Optional[_Union[MailingListProviderInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateMailingListProviderResponse(_message.Message):
    __slots__ = ["mailing_list_provider"]
    MAILING_LIST_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    mailing_list_provider: MailingListProvider
    def __init__(self, mailing_list_provider: _Optional[_Union[MailingListProvider, _Mapping]] = ...) -> None: ...
