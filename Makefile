# Routine commands. `make dev` starts the gateway on the embedded emulator;
# `make test` runs every test (Go unit, end-to-end, and the Node clients).
GO      ?= go
DEVTOOL := $(GO) tool -modfile=tools/dev/go.mod
BUF     := scripts/buf

.PHONY: dev emulator build test hostile race check fmt vet staticcheck lint generate gen-check breaking rules helm bench perf

dev: ## run the gateway on the embedded emulator (loopback only); DEVFLAGS="--dev-token devtoken" for more flags
	@echo "building the gateway into bin/ (the first build takes a few minutes)..."
	$(GO) build -o bin/ ./cmd/authrocket-gateway
	@echo "starting bin/authrocket-gateway --dev $(DEVFLAGS)"
	@exec bin/authrocket-gateway --dev $(DEVFLAGS)

emulator: ## run the standalone AuthRocket emulator; EMULATORFLAGS="--addr 127.0.0.1:18555" for more flags
	@echo "building the emulator into bin/ (the first build takes a few minutes)..."
	$(GO) build -o bin/ ./cmd/authrocket-emulator
	@exec bin/authrocket-emulator $(EMULATORFLAGS)

build:
	CGO_ENABLED=0 $(GO) build -trimpath -buildvcs=true -o bin/ ./cmd/...

test: hostile ## all tests, the Node, Python and TypeScript clients included (npm ci on first use; Python needs scripts/install-python); ends with gotestsum's summary line
	$(DEVTOOL) gotestsum --format pkgname-and-test-fails -- -count=1 ./...

hostile: ## the hostile suite alone on the machine: attacks on the real binary, each row of docs/threat-model.md's table
	AUTHROCKET_GATEWAY_HOSTILE=1 $(DEVTOOL) gotestsum --format standard-verbose -- -count=1 -run '^TestAttack' ./e2e

race:
	$(DEVTOOL) gotestsum --format pkgname-and-test-fails -- -race -count=1 ./...

check: fmt vet staticcheck lint gen-check breaking rules ## everything CI checks besides tests

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/')); [ -z "$$out" ] || { echo "gofmt needed:"; echo "$$out"; exit 1; }

vet:
	$(GO) vet ./...

staticcheck:
	$(DEVTOOL) staticcheck ./...

lint:
	$(BUF) lint
	$(BUF) format proto --diff --exit-code

breaking: ## proto changes must not break callers of main
	@if git rev-parse --verify -q main >/dev/null; then $(BUF) breaking --against '.git#branch=main'; else echo "no main branch: skipping buf breaking"; fi

rules: ## the Prometheus rules: promtool's checks and unit tests (scripts/install-prometheus installs promtool)
	@command -v promtool >/dev/null || { echo "promtool missing: scripts/install-prometheus (as root), or apt-get install prometheus"; exit 1; }
	promtool check rules deploy/prometheus/alerts.yml
	promtool test rules deploy/prometheus/alerts_test.yml

helm: ## the Helm chart: helm lint --strict, and kubeconform on its renderings, offline (scripts/check-helm; the first run builds helm, a few minutes)
	scripts/check-helm

# gen/python is protoc's output, byte for byte: it must be Debian bookworm's
# protoc, as scripts/install-python installs it.
PROTOC_VERSION := libprotoc 3.21.12
TSGEN := clients/typescript/node_modules/.bin/protoc-gen-es

generate: $(TSGEN) ## regenerate third_party/proto, gen/ and clients/typescript/gen from proto/ (gen/python needs scripts/install-python)
	@[ "$$(protoc --version 2>/dev/null)" = "$(PROTOC_VERSION)" ] && command -v grpc_python_plugin >/dev/null || \
	  { echo "gen/python needs $(PROTOC_VERSION) and grpc_python_plugin: scripts/install-python (as root)"; exit 1; }
	$(GO) run ./tools/protoimports
	rm -rf gen/go gen/python gen/openapi/*.json clients/typescript/gen
	$(BUF) generate
	$(BUF) generate --template buf.gen.python.yaml
	$(BUF) generate --template buf.gen.ts.yaml

# protoc-gen-es, pinned in clients/typescript/package-lock.json.
$(TSGEN):
	npm ci --prefix clients/typescript --no-audit --no-fund --loglevel=error

gen-check: generate ## generated code must be committed and reproducible
	@git diff --exit-code -- gen third_party clients/typescript/gen || { echo "generated code is stale: run make generate and commit"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- gen third_party clients/typescript/gen); [ -z "$$untracked" ] || { echo "untracked generated files:"; echo "$$untracked"; exit 1; }

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

perf: ## direct, proxy and gateway side by side on loopback, each server its own process (about 6 min); PERFFLAGS="-d 3s -runs 1" for less
	$(GO) run ./tools/perf $(PERFFLAGS)
