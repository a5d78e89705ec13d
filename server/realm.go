package server

import (
	"context"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// realmsService is the service whose calls name a realm by their `id`.
const realmsService = "/authrocket.v2.RealmsService/"

// callRealms returns the realms a call names (its realm_id field and every
// Authrocket-Realm header; for RealmsService, the realm's id) and the one
// AuthRocket will work in: realm_id, else the header, else defaultRealm.
// A RealmsService call that names no realm (ListRealms, CreateRealm) works
// in none: headers and defaults do not apply to it.
func callRealms(fullMethod string, req proto.Message, md metadata.MD, defaultRealm string) (named []string, effective string) {
	field := func(name protoreflect.Name) string {
		m := req.ProtoReflect()
		if f := m.Descriptor().Fields().ByName(name); f != nil && f.Kind() == protoreflect.StringKind && !f.IsList() {
			return m.Get(f).String()
		}
		return ""
	}
	if strings.HasPrefix(fullMethod, realmsService) {
		if id := field("id"); id != "" {
			return []string{id}, id
		}
		return nil, ""
	}
	if id := field("realm_id"); id != "" {
		named = append(named, id)
		effective = id
	}
	for _, h := range md.Get(mdRealm) {
		if h != "" {
			named = append(named, h)
			if effective == "" {
				effective = h
			}
		}
	}
	if effective == "" {
		effective = defaultRealm
	}
	return named, effective
}

// realmInterceptor records the realm each call works in.
func realmInterceptor(defaultRealm string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if m, ok := req.(proto.Message); ok && !unauthenticated(info.FullMethod) {
			md, _ := metadata.FromIncomingContext(ctx)
			_, recordOf(ctx).realm = callRealms(info.FullMethod, m, md, defaultRealm)
		}
		return handler(ctx, req)
	}
}
