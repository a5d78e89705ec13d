// Package arjson owns the codec between protobuf messages and AuthRocket's
// JSON dialect. The authrocket adapter uses it to encode request messages into
// AuthRocket HTTP bodies and to decode AuthRocket responses; the REST facade
// uses it as its grpc-gateway marshaler, so REST callers see exactly
// AuthRocket's JSON.
//
// The codec walks messages with protoreflect (it does not go through
// protojson). The dialect:
//
//   - Keys are proto field names (snake_case), or a field's explicit
//     json_name where the proto gives one (AuthRocket's key where the proto
//     name had to differ), written in field declaration order, so output is
//     deterministic. Map keys and Struct keys are sorted.
//   - google.protobuf.Timestamp is Unix epoch seconds as a JSON number: whole
//     seconds print as an integer (1735689600), otherwise seconds with exactly
//     three decimals (1423941493.701). Timestamps carry millisecond precision:
//     sub-millisecond parts are truncated (floored) on encode and on decode.
//     Decoding accepts an integer, a decimal number, a numeric string or an
//     RFC 3339 string; the value must lie in years 0001–9999.
//   - google.protobuf.Struct, Value and ListValue are plain JSON objects,
//     values and arrays; an empty Value encodes as null. Wrapper types
//     (StringValue, BoolValue, Int64Value, …) are their plain value.
//     google.protobuf.Empty is {}. Duration, FieldMask and Any are not part
//     of AuthRocket's API and are rejected with an "unsupported" error on
//     both encode and decode.
//   - Integers are JSON numbers on encode (never strings); decoding accepts
//     integral numbers (1e3 and 5.0 count as integral), range-checked, and
//     numeric strings. float/double are numbers; NaN and ±Inf are an encode
//     error and are never accepted on decode. bool is true/false (decode also
//     accepts "true"/"false"). bytes are standard padded base64 (decode also
//     accepts unpadded and URL-safe base64). Enums are the value name (a
//     number not in the enum is written as a number); decode accepts the name
//     or the number (closed enums must know the number). Maps are objects,
//     repeated fields arrays, nested messages objects.
//   - Encoding presence: fields with presence (proto3 optional, messages,
//     oneof members) are written only when set. Other fields (plain scalars,
//     repeated, maps) are written only when non-empty, unless
//     MarshalOptions.EmitUnpopulated is set. Unset message fields are always
//     omitted. Extensions and unknown fields are never written.
//   - Decoding: the message is reset first. Keys match the proto name or the
//     lowerCamel JSON name (the proto name wins if both could match);
//     unknown keys are ignored; null leaves a field unset (inside Struct,
//     ListValue and repeated/map Values it is a null Value); a null element
//     of any other repeated field is an error, a null map value leaves the
//     key out.
//     Duplicate keys: the last one wins (also across a proto name and its
//     JSON name, and across members of one oneof). A single scalar is
//     accepted where a repeated scalar or enum is expected. Empty input
//     (only whitespace) and a top-level null leave the message empty; any
//     other top-level value must be an object (well-known types at the top
//     level use their own form). Input must be valid UTF-8, nesting is
//     limited to UnmarshalOptions.MaxDepth (default 100) arrays/objects.
//
// All errors are *Error values (or wrap ErrTooLarge) naming the field path and
// the JSON type involved. They never quote string values of fields (which may
// be passwords); the only input they quote, truncated to 40 bytes, is an
// unknown enum name or a map key in a path.
package arjson
