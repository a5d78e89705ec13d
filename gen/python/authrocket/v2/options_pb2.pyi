from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor
HS256_SECRET_FIELD_NUMBER: _ClassVar[int]
JSON_NULL_WITH_FIELD_NUMBER: _ClassVar[int]
JSON_PRESENCE_ALWAYS: JsonPresence
JSON_PRESENCE_FIELD_NUMBER: _ClassVar[int]
JSON_PRESENCE_METHODS_FIELD_NUMBER: _ClassVar[int]
JSON_PRESENCE_NOT_IN_ROWS: JsonPresence
JSON_PRESENCE_SINGLE_OBJECT: JsonPresence
JSON_PRESENCE_UNSPECIFIED: JsonPresence
JSON_PRESENCE_WHEN_SET: JsonPresence
JSON_SPARSE_FIELD_NUMBER: _ClassVar[int]
JSON_TIME_FIELD_NUMBER: _ClassVar[int]
JSON_TIME_FLOAT: JsonTime
JSON_TIME_INTEGER: JsonTime
JSON_TIME_UNSPECIFIED: JsonTime
SINGLE_OBJECT_ONLY_FIELD_NUMBER: _ClassVar[int]
hs256_secret: _descriptor.FieldDescriptor
json_null_with: _descriptor.FieldDescriptor
json_presence: _descriptor.FieldDescriptor
json_presence_methods: _descriptor.FieldDescriptor
json_sparse: _descriptor.FieldDescriptor
json_time: _descriptor.FieldDescriptor
single_object_only: _descriptor.FieldDescriptor

class JsonPresence(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class JsonTime(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
