package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"

	"github.com/authrocket-gateway/gateway/authrocket"
	"github.com/authrocket-gateway/gateway/filewatch"
	"github.com/authrocket-gateway/gateway/logintoken"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
)

// loadPolicy returns the policy in force, kept up to date with the policy
// file until ctx ends. A policy file that fails to parse at start is an
// error; later, the previous policy stays in force and the mistakes are
// logged. Without a file (--dev only) the one caller is the dev credential,
// allowed everything.
func loadPolicy(ctx context.Context, cfg Config, log *slog.Logger) (*policy.Store, error) {
	if cfg.PolicyFile == "" {
		p, err := policy.AllowAll("dev", cfg.DevToken, server.Methods())
		if err != nil {
			return nil, err
		}
		return policy.NewStore(p), nil
	}
	var store *policy.Store
	err := filewatch.Watch(ctx, cfg.PolicyFile, func(content []byte) error {
		p, err := policy.Parse(bytes.NewReader(content), server.Methods())
		if err != nil {
			return err
		}
		if store == nil {
			store = policy.NewStore(p)
		} else {
			store.Set(p)
		}
		log.Info("policy loaded", "file", cfg.PolicyFile, "callers", len(p.Callers()))
		return nil
	}, filewatch.Options{OnError: func(err error) {
		log.Error("policy not reloaded; the previous policy stays in force", "file", cfg.PolicyFile, "error", err.Error())
	}})
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", cfg.PolicyFile, err)
	}
	return store, nil
}

// newVerifier returns the login-token verifier: keys from LoginRocket's
// JWKS, from the configured JWT key (kept up to date with its file), or,
// with neither, each realm's key read through AuthRocket's API.
func newVerifier(ctx context.Context, cfg Config, ar *authrocket.Client, log *slog.Logger) (*logintoken.Verifier, error) {
	v, err := logintoken.New(logintoken.Config{
		LoginRocketURL: cfg.LoginRocketURL,
		RealmKey: func(ctx context.Context, realm string) (string, error) {
			k, err := ar.RealmJWTKey(ctx, realm)
			return k.Reveal(), err
		},
		SessionExists: ar.SessionExists,
	})
	if err != nil {
		return nil, err
	}
	if cfg.JWTKeyFile == "" {
		if err := v.SetKey(cfg.JWTKey.Reveal()); err != nil {
			return nil, fmt.Errorf("%s: %w", EnvJWTKey, err)
		}
		return v, nil
	}
	first := true
	err = filewatch.Watch(ctx, cfg.JWTKeyFile, func(content []byte) error {
		key, err := secretOf(EnvJWTKeyFile, content)
		if err == nil {
			err = v.SetKey(key.Reveal())
		}
		if err != nil {
			return err
		}
		if !first {
			log.Info("JWT key reloaded", "file", cfg.JWTKeyFile)
		}
		first = false
		return nil
	}, filewatch.Options{OnError: func(err error) {
		log.Error("JWT key not reloaded; the key in force stays", "file", cfg.JWTKeyFile, "error", err.Error())
	}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvJWTKeyFile, err)
	}
	return v, nil
}

// watchAPIKey puts a new AuthRocket key in force whenever the key file
// changes, so the key rotates without a restart. The key itself is never
// logged; an empty file keeps the key in force.
func watchAPIKey(ctx context.Context, cfg Config, ar *authrocket.Client, log *slog.Logger) error {
	if cfg.APIKeyFile == "" {
		return nil
	}
	first := true
	return filewatch.Watch(ctx, cfg.APIKeyFile, func(content []byte) error {
		key, err := secretOf(EnvAPIKeyFile, content)
		if err != nil {
			return err
		}
		ar.SetAPIKey(key)
		if !first {
			log.Info("AuthRocket API key reloaded", "file", cfg.APIKeyFile)
		}
		first = false
		return nil
	}, filewatch.Options{OnError: func(err error) {
		log.Error("AuthRocket API key not reloaded; the key in force stays", "file", cfg.APIKeyFile, "error", err.Error())
	}})
}
