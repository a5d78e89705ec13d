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

class CreateSmtpProviderRequest(_message.Message):
    __slots__ = ["realm_id", "request", "smtp_provider"]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SMTP_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    realm_id: str
    request: _resources_pb2.RequestContext
    smtp_provider: SmtpProviderInput
    def __init__(self, smtp_provider: _Optional[_Union[SmtpProviderInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateSmtpProviderResponse(_message.Message):
    __slots__ = ["smtp_provider"]
    SMTP_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    smtp_provider: SmtpProvider
    def __init__(self, smtp_provider: _Optional[_Union[SmtpProvider, _Mapping]] = ...) -> None: ...

class DeleteSmtpProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteSmtpProviderResponse(_message.Message):
    __slots__ = ["smtp_provider"]
    SMTP_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    smtp_provider: SmtpProvider
    def __init__(self, smtp_provider: _Optional[_Union[SmtpProvider, _Mapping]] = ...) -> None: ...

class GetSmtpProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetSmtpProviderResponse(_message.Message):
    __slots__ = ["smtp_provider"]
    SMTP_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    smtp_provider: SmtpProvider
    def __init__(self, smtp_provider: _Optional[_Union[SmtpProvider, _Mapping]] = ...) -> None: ...

class ListSmtpProvidersRequest(_message.Message):
    __slots__ = ["after", "direction", "max_results", "realm_id", "sort", "state"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    max_results: int
    realm_id: str
    sort: str
    state: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListSmtpProvidersResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[SmtpProvider]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[SmtpProvider, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class SmtpProvider(_message.Message):
    __slots__ = ["created_at", "email_from", "email_from_name", "id", "object", "provider_name", "provider_type", "realm_id", "smtp_host", "smtp_port", "smtp_user", "state"]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FROM_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FROM_NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SMTP_HOST_FIELD_NUMBER: _ClassVar[int]
    SMTP_PORT_FIELD_NUMBER: _ClassVar[int]
    SMTP_USER_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    created_at: _timestamp_pb2.Timestamp
    email_from: str
    email_from_name: str
    id: str
    object: str
    provider_name: str
    provider_type: str
    realm_id: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    state: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., provider_name: _Optional[str] = ..., provider_type: _Optional[str] = ..., state: _Optional[str] = ..., email_from: _Optional[str] = ..., email_from_name: _Optional[str] = ..., smtp_host: _Optional[str] = ..., smtp_port: _Optional[int] = ..., smtp_user: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SmtpProviderInput(_message.Message):
    __slots__ = ["email_from", "email_from_name", "provider_name", "provider_type", "smtp_host", "smtp_password", "smtp_port", "smtp_user", "state"]
    EMAIL_FROM_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FROM_NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_TYPE_FIELD_NUMBER: _ClassVar[int]
    SMTP_HOST_FIELD_NUMBER: _ClassVar[int]
    SMTP_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    SMTP_PORT_FIELD_NUMBER: _ClassVar[int]
    SMTP_USER_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    email_from: str
    email_from_name: str
    provider_name: str
    provider_type: str
    smtp_host: str
    smtp_password: str
    smtp_port: int
    smtp_user: str
    state: str
    def __init__(self, provider_name: _Optional[str] = ..., provider_type: _Optional[str] = ..., state: _Optional[str] = ..., email_from: _Optional[str] = ..., email_from_name: _Optional[str] = ..., smtp_host: _Optional[str] = ..., smtp_port: _Optional[int] = ..., smtp_user: _Optional[str] = ..., smtp_password: _Optional[str] = ...) -> None: ...

class UpdateSmtpProviderRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "smtp_provider"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SMTP_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    smtp_provider: SmtpProviderInput
    def __init__(self, id: _Optional[str] = ..., smtp_provider: _Optional[_Union[SmtpProviderInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateSmtpProviderResponse(_message.Message):
    __slots__ = ["smtp_provider"]
    SMTP_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    smtp_provider: SmtpProvider
    def __init__(self, smtp_provider: _Optional[_Union[SmtpProvider, _Mapping]] = ...) -> None: ...
