package app

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/authrocket-gateway/gateway/admin"
	"github.com/authrocket-gateway/gateway/policy"
	"github.com/authrocket-gateway/gateway/server"
)

// commandInfo is one of the operator's commands: its name and arguments,
// a line for the list and more for its own help.
type commandInfo struct{ name, args, summary, detail string }

// commands are the operator's commands, in the order the help lists them.
var commands = []commandInfo{
	{"version", "", "print the gateway's version (also --version)", ""},
	{"credential new", "", "make a caller credential; print it and the hash for the policy",
		"Give the credential to the caller through your secret store; put only the hash in the policy."},
	{"credential hash", "", "read a credential on stdin; print the hash for the policy", ""},
	{"policy check", "FILE", "check a policy file as the gateway would load it",
		"Prints \"caller NAME: ok\" for each caller, or the first problem and exit status 1."},
	{"health", "[--ready]", "exit 0 if the running gateway's /healthz (--ready: /readyz) answers 200",
		"Reaches the REST listener of --http-addr / " + EnvHTTPAddr + " (0.0.0.0, [::] or no host: loopback),\n" +
			"over HTTPS when --tls-cert-file / " + EnvTLSCertFile + " is set; gives up after " + healthTimeout.String() + ".\n" +
			"Exit status 1 and a line that says why otherwise. The image's HEALTHCHECK runs it."},
	{"help", "", "print this help (also -h, --help)", ""},
}

// commandUsage is the usage of the commands whose name starts with prefix
// (all for ""), aligned, after the line of the server itself if serve is
// not empty.
func commandUsage(prefix, serve string) string {
	type line struct{ left, right string }
	var lines []line
	if serve != "" {
		lines = append(lines, line{"authrocket-gateway [flags]", serve})
	}
	for _, c := range commands {
		if c.name == prefix || strings.HasPrefix(c.name, prefix+" ") || prefix == "" {
			lines = append(lines, line{strings.TrimSpace("authrocket-gateway " + c.name + " " + c.args), c.summary})
		}
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l.left))
	}
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, l.left, l.right)
	}
	return b.String()
}

// commandHelp is the help of one command, or of a group of them ("policy").
func commandHelp(name string) string {
	help := commandUsage(name, "")
	for _, c := range commands {
		if c.name == name && c.detail != "" {
			help += "\n" + c.detail + "\n"
		}
	}
	return help
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// command runs an operator's command (args[0] is "version", "credential",
// "policy", "health" or "help"); handled is false for anything else, which
// is the server's.
func command(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (code int, handled bool) {
	if len(args) == 0 || !slices.ContainsFunc(commands, func(c commandInfo) bool { return strings.Fields(c.name)[0] == args[0] }) {
		return 0, false
	}
	if args[0] == "help" {
		printHelp(stdout)
		return 0, true
	}
	name := args[0]
	if len(args) > 1 && slices.ContainsFunc(commands, func(c commandInfo) bool { return c.name == args[0]+" "+args[1] }) {
		name += " " + args[1]
	}
	if slices.ContainsFunc(args[1:], isHelp) {
		fmt.Fprint(stdout, commandHelp(name))
		return 0, true
	}
	fail := func(err error) (int, bool) {
		fmt.Fprintln(stderr, "authrocket-gateway:", err)
		return 1, true
	}
	if name == "health" {
		return health(args[1:], getenv, stdout, stderr), true
	}
	switch strings.Join(args[:min(2, len(args))], " ") {
	case "version":
		if len(args) != 1 {
			break
		}
		fmt.Fprintln(stdout, "authrocket-gateway", admin.Describe())
		return 0, true
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
	fmt.Fprint(stderr, commandUsage(name, ""))
	return 2, true
}

// envOnly are the settings read from the environment alone: secrets are
// never flags, where ps would show them.
var envOnly = [][2]string{
	{EnvAPIKey, "AuthRocket's API key (ks_…); required but in --dev"},
	{EnvAPIKeyFile, "or a file that holds it, read again when it changes"},
	{EnvJWTKey, "the default realm's token key: HS256 secret (jsk_…) or RSA public key"},
	{EnvJWTKeyFile, "or a file that holds it, read again when it changes"},
	{EnvRedisPassword, "the password of --redis-url's Redis, if it has one"},
	{EnvRedisPasswordFile, "or a file that holds it"},
	{"OTEL_EXPORTER_OTLP_ENDPOINT", "tracing over OTLP, off unless set; also OTEL_TRACES_EXPORTER and the"},
	{"", "other standard OTEL_* variables (docs/operations.md, \"Tracing\")"},
}

// printHelp writes the gateway's help: its commands, every flag with its
// environment variable and default, and the settings read from the
// environment alone. It reads no environment: a value set there (a dev
// token) never shows as a default.
func printHelp(w io.Writer) {
	fs, _ := newFlagSet(func(string) string { return "" }, &Config{})
	fmt.Fprintf(w, "authrocket-gateway %s: holds AuthRocket's keys and serves its API over gRPC and REST.\n\n", admin.Version())
	fmt.Fprint(w, commandUsage("", "serve, configured by the flags and environment below"))
	fmt.Fprint(w, "\nflags (each one over the environment variable in brackets):\n")
	printFlags(w, fs)
	fmt.Fprint(w, "\nenvironment only:\n")
	for _, e := range envOnly {
		fmt.Fprintf(w, "  %-28s  %s\n", e[0], e[1])
	}
	fmt.Fprint(w, "\nREADME.md and docs/operations.md say more about each setting.\n")
}

// envInUsage is the "[$ENV]" that ends a flag's usage.
var envInUsage = regexp.MustCompile(`\s*\[\$([A-Z0-9_]+)\]`)

// printFlags writes each flag of fs as --name VALUE [$ENV], then its usage
// wrapped under it, with its default.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		value, usage := flag.UnquoteUsage(f)
		env := ""
		if m := envInUsage.FindStringSubmatch(usage); m != nil {
			env = "  [$" + m[1] + "]"
			usage = envInUsage.ReplaceAllString(usage, "")
		}
		if f.DefValue != "" && f.DefValue != "false" && !strings.Contains(usage, "(default") {
			usage += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "  --%s%s%s\n", f.Name, strings.TrimRight(" "+value, " "), env)
		for _, l := range wrap(usage, 72) {
			fmt.Fprintf(w, "        %s\n", l)
		}
	})
}

// wrap splits s into lines of at most width bytes, between words.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
