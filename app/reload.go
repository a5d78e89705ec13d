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
	"github.com/prometheus/client_golang/prometheus"
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
// JWKS and the configured JWT key (kept up to date with its file) for the
// default realm (for every realm without one), and each other realm's keys
// read through AuthRocket's API. Its
// metrics go to reg.
func newVerifier(ctx context.Context, cfg Config, ar *authrocket.Client, reg prometheus.Registerer, log *slog.Logger) (*logintoken.Verifier, error) {
	v, err := server.NewTokenVerifier(ar, logintoken.Config{LoginRocketURL: cfg.LoginRocketURL, Realm: cfg.Realm, Metrics: reg})
	if err != nil {
		return nil, err
	}
	if cfg.JWTKeyFile == "" {
		if err := v.SetKey(cfg.JWTKey.Reveal()); err != nil {
			return nil, fmt.Errorf("%s: %w", EnvJWTKey, err)
		}
		return v, nil
	}
	setKey := func(k authrocket.Secret) error { return v.SetKey(k.Reveal()) }
	if err := watchSecret(ctx, cfg.JWTKeyFile, EnvJWTKeyFile, "JWT key", setKey, log); err != nil {
		return nil, fmt.Errorf("%s: %w", EnvJWTKeyFile, err)
	}
	return v, nil
}

// watchAPIKey puts a new AuthRocket key in force whenever the key file
// changes, so the key rotates without a restart.
func watchAPIKey(ctx context.Context, cfg Config, ar *authrocket.Client, log *slog.Logger) error {
	if cfg.APIKeyFile == "" {
		return nil
	}
	return watchSecret(ctx, cfg.APIKeyFile, EnvAPIKeyFile, "AuthRocket API key", func(k authrocket.Secret) error {
		ar.SetAPIKey(k)
		return nil
	}, log)
}

// watchSecret applies the secret in file (of env), and again each time the
// file changes, until ctx ends. what names the secret in the log; the
// secret itself is never logged, and an empty file or one that apply
// refuses keeps the secret in force.
func watchSecret(ctx context.Context, file, env, what string, apply func(authrocket.Secret) error, log *slog.Logger) error {
	first := true
	return filewatch.Watch(ctx, file, func(content []byte) error {
		key, err := secretOf(env, content)
		if err == nil {
			err = apply(key)
		}
		if err != nil {
			return err
		}
		if !first {
			log.Info(what+" reloaded", "file", file)
		}
		first = false
		return nil
	}, filewatch.Options{OnError: func(err error) {
		log.Error(what+" not reloaded; the key in force stays", "file", file, "error", err.Error())
	}})
}
