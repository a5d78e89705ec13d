# syntax=docker/dockerfile:1
# Multi-stage build of a static gateway binary into a distroless, non-root
# image. Generated code is committed, so no protoc/buf is needed here.
#
#   docker build --build-arg VERSION=v1.2.3 --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ) -t authrocket-gateway .
#
# Base images are pinned to their most exact tags: Go's patch release (the
# one CI and the developers test with; go.mod's go line, 1.26.0, is only
# the minimum), and distroless's nonroot, which has no version tags. No
# digest is written by hand: Renovate (renovate.json5) pins and updates the
# digests, which it resolves and verifies against the registries.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version `authrocket-gateway version` prints and /metrics reports
# (admin.Version): the context has no .git (.dockerignore), so it is linked
# in from the build arguments, and VCS stamping is off.
ARG VERSION=""
ARG REVISION=""
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags="-s -w -X github.com/authrocket-gateway/gateway/admin.version=${VERSION} -X github.com/authrocket-gateway/gateway/admin.revision=${REVISION}" \
      -o /out/ ./cmd/authrocket-gateway ./cmd/authrocket-emulator

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=""
ARG REVISION=""
ARG CREATED=""
LABEL org.opencontainers.image.title="authrocket-gateway" \
      org.opencontainers.image.description="gRPC and REST gateway in front of AuthRocket: holds AuthRocket's keys, serves its API to callers under a policy" \
      org.opencontainers.image.source="https://github.com/authrocket-gateway/gateway" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
COPY --from=build /out/authrocket-gateway /out/authrocket-emulator /usr/local/bin/
USER nonroot:nonroot
EXPOSE 50051 8080
# The binary checks itself (no shell or curl here): GET /healthz on the REST
# listener of AUTHROCKET_GATEWAY_HTTP_ADDR, over HTTPS when the TLS
# certificate is set; it gives up after 2 s, under --timeout.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/usr/local/bin/authrocket-gateway", "health"]
ENTRYPOINT ["/usr/local/bin/authrocket-gateway"]
