package arjson

import (
	"sync"
	"sync/atomic"

	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// msgKind says how a message type is decoded.
type msgKind uint8

const (
	plainMsg msgKind = iota
	timestampMsg
	structMsg
	listValueMsg
	valueMsg
	wrapperMsg
	unsupportedMsg
)

// msgInfo is what the decoder needs of a message type, computed once.
type msgInfo struct {
	desc protoreflect.MessageDescriptor
	kind msgKind
	// fields finds a field by proto name, or else by JSON name.
	fields  map[string]*fieldInfo
	nfields int
	// f1 and f2 are fields 1 and 2 (Timestamp seconds and nanos, a
	// wrapper's value); sub is Struct.fields or ListValue.values.
	f1, f2 protoreflect.FieldDescriptor
	sub    *fieldInfo
	// The fields of google.protobuf.Value.
	nullV, numberV, stringV, boolV protoreflect.FieldDescriptor
	structV, listV                 *fieldInfo
}

// fieldInfo is what the decoder needs of a field.
type fieldInfo struct {
	fd    protoreflect.FieldDescriptor
	index int
	oneof protoreflect.OneofDescriptor // nil unless a real oneof
	// msgDesc is the message type of the field, of its elements or of its
	// map values; nil for scalars.
	msgDesc protoreflect.MessageDescriptor
	msg     atomic.Pointer[msgInfo]
}

// message returns the msgInfo of fi.msgDesc.
func (fi *fieldInfo) message() *msgInfo {
	if mi := fi.msg.Load(); mi != nil {
		return mi
	}
	mi := infoOf(fi.msgDesc)
	fi.msg.Store(mi)
	return mi
}

// msgInfos caches msgInfo by descriptor. Entries are never removed, so a
// descriptor built at run time and decoded into stays in memory.
var msgInfos sync.Map // protoreflect.MessageDescriptor → *msgInfo

func infoOf(md protoreflect.MessageDescriptor) *msgInfo {
	if mi, ok := msgInfos.Load(md); ok {
		return mi.(*msgInfo)
	}
	mi, _ := msgInfos.LoadOrStore(md, newMsgInfo(md))
	return mi.(*msgInfo)
}

func newMsgInfo(md protoreflect.MessageDescriptor) *msgInfo {
	mi := &msgInfo{desc: md}
	fields := md.Fields()
	switch md.FullName() {
	case "google.protobuf.Timestamp":
		mi.kind = timestampMsg
		mi.f1, mi.f2 = fields.ByNumber(1), fields.ByNumber(2)
		return mi
	case "google.protobuf.Struct":
		mi.kind = structMsg
		mi.sub = newFieldInfo(fields.ByNumber(1))
		return mi
	case "google.protobuf.ListValue":
		mi.kind = listValueMsg
		mi.sub = newFieldInfo(fields.ByNumber(1))
		return mi
	case "google.protobuf.Value":
		mi.kind = valueMsg
		mi.nullV = fields.ByName("null_value")
		mi.numberV = fields.ByName("number_value")
		mi.stringV = fields.ByName("string_value")
		mi.boolV = fields.ByName("bool_value")
		mi.structV = newFieldInfo(fields.ByName("struct_value"))
		mi.listV = newFieldInfo(fields.ByName("list_value"))
		return mi
	case "google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.Any":
		mi.kind = unsupportedMsg
		return mi
	}
	if isWrapper(md.FullName()) {
		mi.kind = wrapperMsg
		mi.f1 = fields.ByNumber(1)
		return mi
	}
	mi.nfields = fields.Len()
	infos := make([]fieldInfo, fields.Len())
	mi.fields = make(map[string]*fieldInfo, 2*fields.Len())
	for i := range infos {
		fd := fields.Get(i)
		infos[i] = fieldInfo{fd: fd, index: i}
		setFieldInfo(&infos[i])
	}
	// A key names the field with that proto name, else the one with that
	// JSON name.
	add := func(key string) {
		fd := fields.ByName(protoreflect.Name(key))
		if fd == nil {
			fd = fields.ByJSONName(key)
		}
		if fd != nil {
			mi.fields[key] = &infos[fd.Index()]
		}
	}
	for i := range infos {
		add(string(infos[i].fd.Name()))
		add(infos[i].fd.JSONName())
	}
	return mi
}

func newFieldInfo(fd protoreflect.FieldDescriptor) *fieldInfo {
	fi := &fieldInfo{fd: fd, index: fd.Index()}
	setFieldInfo(fi)
	return fi
}

func setFieldInfo(fi *fieldInfo) {
	fd := fi.fd
	if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
		fi.oneof = od
	}
	if fd.IsMap() {
		fi.msgDesc = fd.MapValue().Message()
	} else {
		fi.msgDesc = fd.Message()
	}
}

// shape is a field's authrocket.v2 JSON options, read once.
type shape struct {
	presence authrocketv2.JsonPresence
	methods  []protoreflect.FullName
	time     authrocketv2.JsonTime
	nullWith protoreflect.FieldDescriptor // json_null_with's sibling
}

var shapes sync.Map // protoreflect.FieldDescriptor → shape

// shapeOf returns fd's json_presence, json_presence_methods and json_time.
func shapeOf(fd protoreflect.FieldDescriptor) shape {
	if sh, ok := shapes.Load(fd); ok {
		return sh.(shape)
	}
	var sh shape
	if opts := fd.Options(); opts != nil {
		sh.presence = proto.GetExtension(opts, authrocketv2.E_JsonPresence).(authrocketv2.JsonPresence)
		for _, m := range proto.GetExtension(opts, authrocketv2.E_JsonPresenceMethods).([]string) {
			sh.methods = append(sh.methods, protoreflect.FullName(m))
		}
		sh.time = proto.GetExtension(opts, authrocketv2.E_JsonTime).(authrocketv2.JsonTime)
		if name := proto.GetExtension(opts, authrocketv2.E_JsonNullWith).(string); name != "" {
			sh.nullWith = fd.ContainingMessage().Fields().ByName(protoreflect.Name(name))
		}
	}
	shapes.Store(fd, sh)
	return sh
}
