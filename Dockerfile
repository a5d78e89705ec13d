# syntax=docker/dockerfile:1
# Multi-stage build of a static gateway binary into a distroless, non-root
# image. Generated code is committed, so no protoc/buf is needed here.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/authrocket-gateway ./cmd/authrocket-gateway \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/authrocket-emulator ./cmd/authrocket-emulator

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/authrocket-gateway /out/authrocket-emulator /usr/local/bin/
USER nonroot:nonroot
EXPOSE 50051 8080
ENTRYPOINT ["/usr/local/bin/authrocket-gateway"]
