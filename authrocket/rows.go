package authrocket

import (
	"sync"

	authrocketv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// collectionField is the field of a list answer that holds its rows
// ({"collection": [...], "more_results": false}).
const collectionField protoreflect.Name = "collection"

// rowPlan says, for one message type, which fields a list row must not
// carry (those marked single_object_only) and which message fields lead to
// more of them. A nil plan means the type holds none.
type rowPlan struct {
	clear   []protoreflect.FieldDescriptor
	descend []protoreflect.FieldDescriptor
}

var (
	rowPlans sync.Map // protoreflect.FullName -> *rowPlan (nil: nothing to clear)
	reaches  sync.Map // protoreflect.FullName -> bool: reachesMarked's final answers
)

// planFor returns md's plan, nil when nothing below md is marked.
func planFor(md protoreflect.MessageDescriptor) *rowPlan {
	if p, ok := rowPlans.Load(md.FullName()); ok {
		return p.(*rowPlan)
	}
	p := buildPlan(md)
	rowPlans.Store(md.FullName(), p)
	return p
}

// buildPlan clears md's marked fields and descends into each message field
// whose type reaches one, however: through a cycle too (User and
// Membership embed each other).
func buildPlan(md protoreflect.MessageDescriptor) *rowPlan {
	p := &rowPlan{}
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		switch {
		case isMarked(f):
			p.clear = append(p.clear, f)
		case f.Message() != nil && !f.IsMap() && reachesMarked(f.Message()):
			p.descend = append(p.descend, f)
		}
	}
	if len(p.clear) == 0 && len(p.descend) == 0 {
		return nil
	}
	return p
}

func isMarked(f protoreflect.FieldDescriptor) bool {
	return proto.GetExtension(f.Options(), authrocketv2.E_SingleObjectOnly).(bool)
}

// reachesMarked reports whether a field marked single_object_only is
// reachable from md through message fields. Each question is a search of
// its own, with a fresh visited set: an answer found while a cycle was cut
// short is not an answer for the type where it was cut, so only the final
// answer, md's, is remembered.
func reachesMarked(md protoreflect.MessageDescriptor) bool {
	if r, ok := reaches.Load(md.FullName()); ok {
		return r.(bool)
	}
	visited := map[protoreflect.FullName]bool{}
	var search func(m protoreflect.MessageDescriptor) bool
	search = func(m protoreflect.MessageDescriptor) bool {
		if r, ok := reaches.Load(m.FullName()); ok {
			return r.(bool)
		}
		if visited[m.FullName()] {
			return false // being searched, or searched: what it reaches is counted there
		}
		visited[m.FullName()] = true
		for i := 0; i < m.Fields().Len(); i++ {
			f := m.Fields().Get(i)
			if isMarked(f) || f.Message() != nil && !f.IsMap() && search(f.Message()) {
				return true
			}
		}
		return false
	}
	r := search(md)
	reaches.Store(md.FullName(), r)
	return r
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
