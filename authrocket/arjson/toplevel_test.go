package arjson

import "testing"

func TestTopLevel(t *testing.T) {
	for _, tt := range []struct {
		in, key, value string
		found          bool
	}{
		{`{"object":"user","id":"usr_1"}`, "object", "user", true},
		{` { "id": {"object": "org"}, "object" : "user" } `, "object", "user", true},
		{`{"id":{"object":"org"}}`, "object", "", false},
		{`{"collection":[],"more_results":false}`, "collection", "", true},
		{`{"object":1}`, "object", "", true},
		{`{"obj\u0065ct":"user"}`, "object", "user", true},
		{`[{"object":"user"}]`, "object", "", false},
		{`{"object":"us`, "object", "", true},
		{`{"id":"usr_1",`, "object", "", false},
		{``, "object", "", false},
		{`null`, "object", "", false},
	} {
		value, found := TopLevel([]byte(tt.in), tt.key)
		if value != tt.value || found != tt.found {
			t.Errorf("TopLevel(%s, %q) = %q, %v; want %q, %v", tt.in, tt.key, value, found, tt.value, tt.found)
		}
	}
}
