// Command authrocket-gateway is the gRPC and REST gateway in front of
// AuthRocket. `authrocket-gateway --dev` runs it on an embedded emulator;
// see README.md for the configuration.
package main

import (
	"os"

	"github.com/authrocket-gateway/gateway/app"
)

func main() { os.Exit(app.Main(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)) }
