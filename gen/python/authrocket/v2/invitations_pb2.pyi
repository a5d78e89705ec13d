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

class CreateInvitationRequest(_message.Message):
    __slots__ = ["invitation", "realm_id", "request"]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    invitation: InvitationInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, invitation: _Optional[_Union[InvitationInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateInvitationResponse(_message.Message):
    __slots__ = ["invitation"]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class DeleteInvitationRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteInvitationResponse(_message.Message):
    __slots__ = ["invitation"]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class GetInvitationRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetInvitationResponse(_message.Message):
    __slots__ = ["invitation"]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class Invitation(_message.Message):
    __slots__ = ["auth_provider_id", "created_at", "email", "expires_at", "id", "invitation_type", "invited_at", "inviting_user_id", "locale", "object", "org_id", "permissions", "realm_id", "token"]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    INVITED_AT_FIELD_NUMBER: _ClassVar[int]
    INVITING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    auth_provider_id: str
    created_at: _timestamp_pb2.Timestamp
    email: str
    expires_at: _timestamp_pb2.Timestamp
    id: str
    invitation_type: str
    invited_at: _timestamp_pb2.Timestamp
    inviting_user_id: str
    locale: str
    object: str
    org_id: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    realm_id: str
    token: str
    def __init__(self, object: _Optional[str] = ..., id: _Optional[str] = ..., realm_id: _Optional[str] = ..., invitation_type: _Optional[str] = ..., email: _Optional[str] = ..., org_id: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., auth_provider_id: _Optional[str] = ..., inviting_user_id: _Optional[str] = ..., locale: _Optional[str] = ..., token: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., invited_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvitationInput(_message.Message):
    __slots__ = ["auth_provider_id", "email", "expires_at", "invitation_type", "inviting_user_id", "locale", "org_id", "permissions"]
    AUTH_PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    INVITATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    INVITING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    auth_provider_id: str
    email: str
    expires_at: _timestamp_pb2.Timestamp
    invitation_type: str
    inviting_user_id: str
    locale: str
    org_id: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, invitation_type: _Optional[str] = ..., email: _Optional[str] = ..., org_id: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., auth_provider_id: _Optional[str] = ..., inviting_user_id: _Optional[str] = ..., locale: _Optional[str] = ..., expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InviteInvitationInput(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class InviteInvitationRequest(_message.Message):
    __slots__ = ["id", "invitation", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    invitation: InviteInvitationInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., invitation: _Optional[_Union[InviteInvitationInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class InviteInvitationResponse(_message.Message):
    __slots__ = ["invitation"]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...

class ListInvitationsRequest(_message.Message):
    __slots__ = ["after", "direction", "email", "invitation_type", "inviting_user_id", "max_results", "org_id", "realm_id", "sort"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    INVITATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    INVITING_USER_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    email: str
    invitation_type: str
    inviting_user_id: str
    max_results: int
    org_id: str
    realm_id: str
    sort: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., org_id: _Optional[str] = ..., invitation_type: _Optional[str] = ..., email: _Optional[str] = ..., inviting_user_id: _Optional[str] = ...) -> None: ...

class ListInvitationsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[Invitation]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[Invitation, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class UpdateInvitationRequest(_message.Message):
    __slots__ = ["id", "invitation", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    invitation: InvitationInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., invitation: _Optional[_Union[InvitationInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateInvitationResponse(_message.Message):
    __slots__ = ["invitation"]
    INVITATION_FIELD_NUMBER: _ClassVar[int]
    invitation: Invitation
    def __init__(self, invitation: _Optional[_Union[Invitation, _Mapping]] = ...) -> None: ...
