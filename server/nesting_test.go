package server

import (
	"strings"
	"testing"

	"github.com/authrocket-gateway/gateway/authrocket/arjson"
	arv2 "github.com/authrocket-gateway/gateway/gen/go/authrocket/v2"
	"google.golang.org/protobuf/encoding/protojson"
)

// TestNestingMatchesREST: the nesting the gRPC transport counts is the
// depth the REST facade's JSON decoder counts, for objects, arrays, and
// scalars at the bottom, so both refuse a request from the same depth on.
func TestNestingMatchesREST(t *testing.T) {
	maxNesting := DefaultLimits.MaxNesting
	if maxNesting != arjson.DefaultMaxDepth {
		t.Fatalf("the default nesting %d is not arjson's %d", maxNesting, arjson.DefaultMaxDepth)
	}
	// {"user":{"custom":…}} is 3 levels; each shape adds its own.
	shapes := map[string]func(levels int) string{
		"objects": func(n int) string { return strings.Repeat(`{"a":`, n) + `1` + strings.Repeat(`}`, n) },
		"arrays":  func(n int) string { return `{"a":` + strings.Repeat(`[`, n-1) + `"x"` + strings.Repeat(`]`, n-1) + `}` },
		"mixed": func(n int) string {
			return `{"a":[` + strings.Repeat(`{"b":[`, (n-2)/2) + `null` + strings.Repeat(`]}`, (n-2)/2) + `]}`
		},
	}
	for name, shape := range shapes {
		for _, levels := range []int{1, 2, 10, maxNesting - 4, maxNesting - 3, maxNesting - 2, maxNesting - 1, maxNesting, 3 * maxNesting} {
			if name == "mixed" && levels%2 != 0 {
				continue
			}
			body := `{"user":{"email":"a@example.com","custom":` + shape(levels) + `}}`
			var req arv2.CreateUserRequest
			if err := (protojson.UnmarshalOptions{}).Unmarshal([]byte(body), &req); err != nil {
				t.Fatalf("%s %d: %v", name, levels, err)
			}
			got := nesting(req.ProtoReflect())
			if want := 2 + levels; got != want {
				t.Errorf("%s %d levels of custom: nesting %d, want %d", name, levels, got, want)
			}
			restErr := arjson.Unmarshal([]byte(body), &arv2.CreateUserRequest{})
			if grpcRefuses := got > maxNesting; grpcRefuses != (restErr != nil) {
				t.Errorf("%s, nesting %d: gRPC refuses %v, REST's decoder says %v", name, got, grpcRefuses, restErr)
			}
		}
	}
}
