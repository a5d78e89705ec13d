// Package call owns the record of one call through the gateway: how it
// arrived, who made it, what the gateway decided, what AuthRocket answered
// and how long each part took.
//
// The transport that accepts a call makes its Record and puts it in the
// call's context (NewContext); each stage of the call path then writes the
// facts it alone knows (Authenticated, Allowed, Denied, Upstream, Finish),
// and the audit trail and the logs (one day, metrics) read the same Record once
// the call is over. A Record belongs to the goroutine serving its call; it
// is not safe for concurrent use.
package call
