package server

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// nesting is the depth of objects and arrays of m's JSON form, m's own
// object counted: the depth the REST facade's JSON decoder limits, so
// that both transports refuse the same requests.
func nesting(m protoreflect.Message) int {
	name := m.Descriptor().FullName()
	if name.Parent() == "google.protobuf" {
		switch n := string(name.Name()); {
		case n == "Value", n == "Struct", n == "ListValue":
			// Written as what they hold: a Value as its one field, a
			// Struct as the object of its map, a ListValue as the array of
			// its list.
			return deepestField(m)
		case n == "Timestamp", n == "Duration", n == "FieldMask", strings.HasSuffix(n, "Value"):
			return 0 // written as a string or a scalar
		}
	}
	return 1 + deepestField(m)
}

// deepestField is the deepest nesting of the values of m's fields.
func deepestField(m protoreflect.Message) int {
	deepest := 0
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		if fd := fields.Get(i); (fd.Message() != nil || fd.IsList() || fd.IsMap()) && m.Has(fd) {
			deepest = max(deepest, fieldNesting(fd, m.Get(fd)))
		}
	}
	return deepest
}

// fieldNesting is the nesting of field fd's value v.
func fieldNesting(fd protoreflect.FieldDescriptor, v protoreflect.Value) int {
	switch {
	case fd.IsMap():
		deepest := 0
		if fd.MapValue().Message() != nil {
			v.Map().Range(func(_ protoreflect.MapKey, e protoreflect.Value) bool {
				deepest = max(deepest, nesting(e.Message()))
				return true
			})
		}
		return 1 + deepest
	case fd.IsList():
		deepest := 0
		if fd.Message() != nil {
			for i := 0; i < v.List().Len(); i++ {
				deepest = max(deepest, nesting(v.List().Get(i).Message()))
			}
		}
		return 1 + deepest
	case fd.Message() != nil:
		return nesting(v.Message())
	}
	return 0
}
