package server

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/grpc/metadata"
)

func TestTokenAuthenticator(t *testing.T) {
	a := NewTokenAuthenticator(map[string]string{"billing": "tok-billing", "search": "tok-search"})
	tests := []struct {
		name    string
		md      metadata.MD
		caller  string
		wantErr error
	}{
		{"bearer", metadata.Pairs("authorization", "Bearer tok-billing"), "billing", nil},
		{"bearer, any case", metadata.Pairs("authorization", "bearer tok-search"), "search", nil},
		{"SDK header", metadata.Pairs("authrocket-api-key", "tok-search"), "search", nil},
		{"both headers, same credential", metadata.Pairs("authorization", "Bearer tok-billing", "authrocket-api-key", "tok-billing"), "billing", nil},
		{"both headers, two credentials", metadata.Pairs("authorization", "Bearer tok-billing", "authrocket-api-key", "tok-search"), "", ErrUnauthenticated},
		{"two bearer credentials", metadata.Pairs("authorization", "Bearer tok-billing", "authorization", "Bearer tok-search"), "", ErrUnauthenticated},
		{"no credential", metadata.MD{}, "", ErrUnauthenticated},
		{"other scheme", metadata.Pairs("authorization", "Basic tok-billing"), "", ErrUnauthenticated},
		{"wrong credential", metadata.Pairs("authorization", "Bearer tok-billinG"), "", ErrUnauthenticated},
		{"empty bearer", metadata.Pairs("authorization", "Bearer "), "", ErrUnauthenticated},
		{"AuthRocket key", metadata.Pairs("authrocket-api-key", "ks_abc"), "", errAuthRocketKeyPresented},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := a.Authenticate(context.Background(), tt.md)
			if !errors.Is(err, tt.wantErr) || c.Name != tt.caller {
				t.Errorf("Authenticate = %q, %v; want %q, %v", c.Name, err, tt.caller, tt.wantErr)
			}
		})
	}
}
