package audit

// AppendRecord and AppendMillis are for the external tests.
var (
	AppendRecord = appendRecord
	AppendMillis = appendMillis
)
