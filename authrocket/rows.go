package authrocket

import (
	"sync"

	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// collectionField is the field of a list answer that holds its rows
// (authrocket-api.md §3.2).
const collectionField protoreflect.Name = "collection"

// rowPlan says, for one message type, which fields a list row must not
// carry (those marked single_object_only) and which message fields lead to
// more of them. A nil plan means the type holds none.
type rowPlan struct {
	clear   []protoreflect.FieldDescriptor
	descend []protoreflect.FieldDescriptor
}

var rowPlans sync.Map // protoreflect.FullName -> *rowPlan (nil: nothing to clear)

// planFor returns md's plan, nil when nothing below md is marked.
func planFor(md protoreflect.MessageDescriptor) *rowPlan {
	if p, ok := rowPlans.Load(md.FullName()); ok {
		return p.(*rowPlan)
	}
	p := buildPlan(md, map[protoreflect.FullName]bool{})
	rowPlans.Store(md.FullName(), p)
	return p
}

func buildPlan(md protoreflect.MessageDescriptor, visiting map[protoreflect.FullName]bool) *rowPlan {
	if visiting[md.FullName()] {
		return nil // a cycle (Struct's values) marks nothing new
	}
	visiting[md.FullName()] = true
	defer delete(visiting, md.FullName())
	p := &rowPlan{}
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		switch {
		case proto.GetExtension(f.Options(), authrocketv2.E_SingleObjectOnly).(bool):
			p.clear = append(p.clear, f)
		case f.Message() != nil && !f.IsMap() && buildPlan(f.Message(), visiting) != nil:
			p.descend = append(p.descend, f)
		}
	}
	if len(p.clear) == 0 && len(p.descend) == 0 {
		return nil
	}
	return p
}

// clearRows clears, in every row of a list answer, the fields that only a
// single object may carry: AuthRocket leaves them out of list rows, and the
// gateway makes sure of it rather than trust that it always will.
func clearRows(answer protoreflect.Message) {
	f := answer.Descriptor().Fields().ByName(collectionField)
	if f == nil || !f.IsList() || f.Message() == nil {
		return
	}
	p := planFor(f.Message())
	if p == nil {
		return
	}
	rows := answer.Get(f).List()
	for i := 0; i < rows.Len(); i++ {
		p.apply(rows.Get(i).Message())
	}
}

func (p *rowPlan) apply(m protoreflect.Message) {
	for _, f := range p.clear {
		m.Clear(f)
	}
	for _, f := range p.descend {
		if !m.Has(f) {
			continue
		}
		sub := planFor(f.Message())
		if !f.IsList() {
			sub.apply(m.Get(f).Message())
			continue
		}
		l := m.Get(f).List()
		for i := 0; i < l.Len(); i++ {
			sub.apply(l.Get(i).Message())
		}
	}
}
