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

class AcceptUserInvitationInput(_message.Message):
    __slots__ = ["token"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class AcceptUserInvitationRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "user"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    user: AcceptUserInvitationInput
    def __init__(self, id: _Optional[str] = ..., user: _Optional[_Union[AcceptUserInvitationInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class AcceptUserInvitationResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class AuthenticateUserInput(_message.Message):
    __slots__ = ["password"]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    password: str
    def __init__(self, password: _Optional[str] = ...) -> None: ...

class AuthenticateUserRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "user"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    user: AuthenticateUserInput
    def __init__(self, id: _Optional[str] = ..., user: _Optional[_Union[AuthenticateUserInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class AuthenticateUserResponse(_message.Message):
    __slots__ = ["session", "token"]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    session: _resources_pb2.Session
    token: _resources_pb2.Token
    def __init__(self, session: _Optional[_Union[_resources_pb2.Session, _Mapping]] = ..., token: _Optional[_Union[_resources_pb2.Token, _Mapping]] = ...) -> None: ...

class AuthenticateUserTokenInput(_message.Message):
    __slots__ = ["code", "token"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    code: str
    token: str
    def __init__(self, token: _Optional[str] = ..., code: _Optional[str] = ...) -> None: ...

class AuthenticateUserTokenRequest(_message.Message):
    __slots__ = ["realm_id", "request", "user"]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    realm_id: str
    request: _resources_pb2.RequestContext
    user: AuthenticateUserTokenInput
    def __init__(self, user: _Optional[_Union[AuthenticateUserTokenInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class AuthenticateUserTokenResponse(_message.Message):
    __slots__ = ["session"]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: _resources_pb2.Session
    def __init__(self, session: _Optional[_Union[_resources_pb2.Session, _Mapping]] = ...) -> None: ...

class CreateUserRequest(_message.Message):
    __slots__ = ["realm_id", "request", "user"]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    realm_id: str
    request: _resources_pb2.RequestContext
    user: UserInput
    def __init__(self, user: _Optional[_Union[UserInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class CreateUserResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class DeleteUserRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class DeleteUserResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class GenerateUserPasswordTokenRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GenerateUserPasswordTokenResponse(_message.Message):
    __slots__ = ["token"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: _resources_pb2.Token
    def __init__(self, token: _Optional[_Union[_resources_pb2.Token, _Mapping]] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ["id", "realm_id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    def __init__(self, id: _Optional[str] = ..., realm_id: _Optional[str] = ...) -> None: ...

class GetUserResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ["after", "direction", "email", "max_results", "realm_id", "reference", "sort", "state", "username"]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    after: str
    direction: str
    email: str
    max_results: int
    realm_id: str
    reference: str
    sort: str
    state: str
    username: str
    def __init__(self, realm_id: _Optional[str] = ..., after: _Optional[str] = ..., max_results: _Optional[int] = ..., sort: _Optional[str] = ..., direction: _Optional[str] = ..., email: _Optional[str] = ..., username: _Optional[str] = ..., reference: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ["collection", "more_results"]
    COLLECTION_FIELD_NUMBER: _ClassVar[int]
    MORE_RESULTS_FIELD_NUMBER: _ClassVar[int]
    collection: _containers.RepeatedCompositeFieldContainer[_resources_pb2.User]
    more_results: bool
    def __init__(self, collection: _Optional[_Iterable[_Union[_resources_pb2.User, _Mapping]]] = ..., more_results: bool = ...) -> None: ...

class RequestUserEmailVerificationRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    def __init__(self, id: _Optional[str] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class RequestUserEmailVerificationResponse(_message.Message):
    __slots__ = ["token"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: _resources_pb2.Token
    def __init__(self, token: _Optional[_Union[_resources_pb2.Token, _Mapping]] = ...) -> None: ...

class ResetUserPasswordWithTokenInput(_message.Message):
    __slots__ = ["password", "password_confirmation", "token"]
    PASSWORD_CONFIRMATION_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    password: str
    password_confirmation: str
    token: str
    def __init__(self, token: _Optional[str] = ..., password: _Optional[str] = ..., password_confirmation: _Optional[str] = ...) -> None: ...

class ResetUserPasswordWithTokenRequest(_message.Message):
    __slots__ = ["realm_id", "request", "user"]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    realm_id: str
    request: _resources_pb2.RequestContext
    user: ResetUserPasswordWithTokenInput
    def __init__(self, user: _Optional[_Union[ResetUserPasswordWithTokenInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class ResetUserPasswordWithTokenResponse(_message.Message):
    __slots__ = ["session", "token"]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    session: _resources_pb2.Session
    token: _resources_pb2.Token
    def __init__(self, session: _Optional[_Union[_resources_pb2.Session, _Mapping]] = ..., token: _Optional[_Union[_resources_pb2.Token, _Mapping]] = ...) -> None: ...

class UpdateUserPasswordInput(_message.Message):
    __slots__ = ["current_password", "password", "password_confirmation"]
    CURRENT_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CONFIRMATION_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    current_password: str
    password: str
    password_confirmation: str
    def __init__(self, current_password: _Optional[str] = ..., password: _Optional[str] = ..., password_confirmation: _Optional[str] = ...) -> None: ...

class UpdateUserPasswordRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "user"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    user: UpdateUserPasswordInput
    def __init__(self, id: _Optional[str] = ..., user: _Optional[_Union[UpdateUserPasswordInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateUserPasswordResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class UpdateUserProfileInput(_message.Message):
    __slots__ = ["email", "first_name", "last_name", "password", "password_confirmation", "username"]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CONFIRMATION_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    email: str
    first_name: str
    last_name: str
    password: str
    password_confirmation: str
    username: str
    def __init__(self, email: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., password_confirmation: _Optional[str] = ...) -> None: ...

class UpdateUserProfileRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "user"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    user: UpdateUserProfileInput
    def __init__(self, id: _Optional[str] = ..., user: _Optional[_Union[UpdateUserProfileInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateUserProfileResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class UpdateUserRequest(_message.Message):
    __slots__ = ["id", "realm_id", "request", "user"]
    ID_FIELD_NUMBER: _ClassVar[int]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    id: str
    realm_id: str
    request: _resources_pb2.RequestContext
    user: UserInput
    def __init__(self, id: _Optional[str] = ..., user: _Optional[_Union[UserInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class UpdateUserResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...

class UserInput(_message.Message):
    __slots__ = ["custom", "email", "email_verification", "first_name", "last_name", "locale", "password", "password_confirmation", "reference", "state", "username"]
    CUSTOM_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    EMAIL_VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_CONFIRMATION_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    custom: _struct_pb2.Struct
    email: str
    email_verification: str
    first_name: str
    last_name: str
    locale: str
    password: str
    password_confirmation: str
    reference: str
    state: str
    username: str
    def __init__(self, state: _Optional[str] = ..., email: _Optional[str] = ..., email_verification: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., username: _Optional[str] = ..., locale: _Optional[str] = ..., reference: _Optional[str] = ..., custom: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., password: _Optional[str] = ..., password_confirmation: _Optional[str] = ...) -> None: ...

class VerifyUserEmailInput(_message.Message):
    __slots__ = ["token"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class VerifyUserEmailRequest(_message.Message):
    __slots__ = ["realm_id", "request", "user"]
    REALM_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    realm_id: str
    request: _resources_pb2.RequestContext
    user: VerifyUserEmailInput
    def __init__(self, user: _Optional[_Union[VerifyUserEmailInput, _Mapping]] = ..., request: _Optional[_Union[_resources_pb2.RequestContext, _Mapping]] = ..., realm_id: _Optional[str] = ...) -> None: ...

class VerifyUserEmailResponse(_message.Message):
    __slots__ = ["user"]
    USER_FIELD_NUMBER: _ClassVar[int]
    user: _resources_pb2.User
    def __init__(self, user: _Optional[_Union[_resources_pb2.User, _Mapping]] = ...) -> None: ...
