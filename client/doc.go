// Package client is a small helper for Go services that call the gateway
// over gRPC: Dial connects with the caller's credential, gives every call
// a deadline, and turns each failed call into an *Error that carries what
// the gateway's status details say (docs/errors.md): the gRPC code, the
// reason, the gateway's and AuthRocket's request IDs, AuthRocket's HTTP
// status, how long to wait before a retry and the fields a request got
// wrong.
//
// The service clients are the generated ones (gen/go/authrocket/v2 and
// gen/go/authrocket/gateway/v1):
//
//	conn, err := client.Dial("gateway.internal:50051", os.Getenv("GATEWAY_TOKEN"))
//	if err != nil { … }
//	defer conn.Close()
//	users := arv2.NewUsersServiceClient(conn)
//	_, err = users.GetUser(ctx, &arv2.GetUserRequest{Id: "usr_…"})
//	var gerr *client.Error
//	if errors.As(err, &gerr) && gerr.Code == codes.NotFound { … }
package client
