package app

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/authrocket-gateway/gateway/admin"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
)

// commandUsage is the help of the operator's commands.
const commandUsage = `usage:
  authrocket-gateway [flags]              serve (authrocket-gateway -h lists the flags)
  authrocket-gateway version              print the gateway's version
  authrocket-gateway credential new       make a caller credential; prints it and the hash for the policy
  authrocket-gateway credential hash      read a credential on stdin; print the hash for the policy
  authrocket-gateway policy check FILE    check a policy file as the gateway would load it
`

// command runs an operator's command (args[0] is "credential" or
// "policy"); handled is false for anything else, which is the server's.
func command(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int, handled bool) {
	if len(args) == 0 || (args[0] != "credential" && args[0] != "policy" && args[0] != "version") {
		return 0, false
	}
	if len(args) == 1 && args[0] == "version" {
		fmt.Fprintln(stdout, "authrocket-gateway", admin.Version())
		return 0, true
	}
	fail := func(err error) (int, bool) {
		fmt.Fprintln(stderr, "authrocket-gateway:", err)
		return 1, true
	}
	switch strings.Join(args[:min(2, len(args))], " ") {
	case "credential new":
		if len(args) != 2 {
			break
		}
		c := policy.NewCredential()
		fmt.Fprintf(stdout, "credential: %s\nhash:       %s\n", c, policy.HashCredential(c))
		fmt.Fprintln(stderr, "Give the credential to the caller, through your secret store; put only the hash in the policy's credentials.")
		return 0, true
	case "credential hash":
		if len(args) != 2 {
			break
		}
		line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fail(err)
		}
		c := strings.TrimSpace(line)
		if c == "" {
			return fail(errors.New("no credential on stdin"))
		}
		fmt.Fprintln(stdout, policy.HashCredential(c))
		return 0, true
	case "policy check":
		if len(args) != 3 {
			break
		}
		f, err := os.Open(args[2])
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		p, err := policy.Parse(f, server.Methods())
		if err != nil {
			return fail(err)
		}
		for _, c := range p.Callers() {
			fmt.Fprintf(stdout, "caller %s: ok\n", c.Name)
		}
		return 0, true
	}
	fmt.Fprint(stderr, commandUsage)
	return 2, true
}
