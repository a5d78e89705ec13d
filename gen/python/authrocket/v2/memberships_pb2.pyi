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

class CreateMembershipRequest(_message.Message):
    __slots__ = ["membership", "realm_id", "request"]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    membership: MembershipInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, membership: _Optional[_Union[MembershipInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateMembershipResponse(_message.Message):
    __slots__ = ["membership"]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    membership: _resources_pb2.Membership
    def __init__(self, membership: _Optional[_Union[_resources_pb2.Membership, _Mapping]] = ...) -> None: ...

class DeleteMembershipRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteMembershipResponse(_message.Message):
    __slots__ = ["membership"]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    membership: _resources_pb2.Membership
    def __init__(self, membership: _Optional[_Union[_resources_pb2.Membership, _Mapping]] = ...) -> None: ...

class GetMembershipRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetMembershipResponse(_message.Message):
    __slots__ = ["membership"]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    membership: _resources_pb2.Membership
    def __init__(self, membership: _Optional[_Union[_resources_pb2.Membership, _Mapping]] = ...) -> None: ...

class ListMembershipsRequest(_message.Message):
    __slots__ = ["after", "direction", "max_results", "org_id", "realm_id", "sort", "user_id"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    max_results: int
    org_id: str
    realm_id: str
    sort: str
    user_id: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., org_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ListMembershipsResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Membership]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[_resources_pb2.Membership, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class MembershipInput(_message.Message):
    __slots__ = ["expires_at", "org_id", "permissions", "user_id"]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    PERMISSIONS_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    expires_at: _timestamp_pb2.Timestamp
    org_id: str
    permissions: _containers.RepeatedScalarFieldContainer[str]
    user_id: str
    def __init__(self, org_id: _Optional[str] = ..., user_id: _Optional[str] = ..., permissions: _Optional[_Iterable[str]] = ..., expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UpdateMembershipRequest(_message.Message):
    __slots__ = ["id", "membership", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    membership: MembershipInput
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., membership: _Optional[_Union[MembershipInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateMembershipResponse(_message.Message):
    __slots__ = ["membership"]
    MEMBERSHIP_FIELD_NUMBER: _ClassVar[int]
    membership: _resources_pb2.Membership
    def __init__(self, membership: _Optional[_Union[_resources_pb2.Membership, _Mapping]] = ...) -> None: ...
