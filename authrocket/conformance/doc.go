// Package conformance holds the adapter's conformance suite: one set of
// tests of package authrocket's Client, run against every target that is
// available. The embedded emulator is always a target; AuthRocket itself is
// one when AUTHROCKET_URL and AUTHROCKET_API_KEY are set (AUTHROCKET_REALM
// optionally names the realm to work in; otherwise the suite makes one and
// deletes it afterwards):
//
//	AUTHROCKET_URL=https://api-e2.authrocket.com/v2 AUTHROCKET_API_KEY=ks_… \
//	    go test ./authrocket/conformance -run TestConformance -v
//
// Cases that change realm-wide state (realm update, reset and delete,
// signing keys, auth providers, domains, SMTP providers) run only in a realm
// the suite made itself; with AUTHROCKET_REALM set they skip and say so.
//
// The tests assert only what AuthRocket's documentation and official SDKs
// establish (shapes, statuses, messages, paging), so a difference between
// the two targets is a fidelity bug of the emulator or a wrong assumption
// of the adapter. Every object a test makes carries a random suffix and is
// deleted when the test ends.
//
// The package has no code outside its tests.
package conformance
