package arjson

// TopLevel looks for key among the members of the JSON object b, without
// decoding the others: found reports whether b is an object holding key,
// and value is its value when that is a string. A malformed b has no key.
func TopLevel(b []byte, key string) (value string, found bool) {
	d := decoder{in: b, maxDepth: DefaultMaxDepth}
	d.skipSpace()
	if d.pos >= len(d.in) || d.in[d.pos] != '{' || d.enter(0) != nil {
		return "", false
	}
	for first := true; ; first = false {
		k, more, err := d.objectKey(first)
		if err != nil || !more {
			return "", false
		}
		if string(k) == key {
			if d.pos < len(d.in) && d.in[d.pos] == '"' {
				if s, err := d.readString(); err == nil {
					return string(s), true
				}
			}
			return "", true
		}
		if d.skipValue(1) != nil {
			return "", false
		}
	}
}
