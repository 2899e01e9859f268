// Command taxii-conform checks TAXII 2.1 and TAXII 1.1.1 servers against the normative
// statements of their specifications and writes reports for CI systems and people.
//
//	taxii-conform run --target URL [flags]     run the suites against a server
//	taxii-conform requirements [flags]         print the requirement catalog and its coverage
//	taxii-conform validate FILE...             validate captured TAXII messages offline
//	taxii-conform discover DOMAIN              find a TAXII 2.1 server through DNS SRV
//	taxii-conform selftest --refserver BIN     run every suite against a fresh reference server
//	taxii-conform mutation --refserver BIN     the kill matrix: every fault of the reference server
//
// Exit status of run: 0 no MUST failed, 1 a MUST failed, 2 usage or configuration error
// (including a selection that matches no spec), 3 target unreachable or the harness failed.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	// The suites register their specs at package level.
	_ "github.com/taxii-conform/taxii-conform/suites/taxii11"
	_ "github.com/taxii-conform/taxii-conform/suites/taxii21"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitUnreachable = 3
)

// usageError marks errors that are the caller's to fix (exit 2).
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"run", "run the conformance suites against a TAXII server", cmdRun},
		{"requirements", "print the requirement catalog with coverage", cmdRequirements},
		{"validate", "validate captured TAXII 1.x XML or TAXII 2.1 JSON messages offline", cmdValidate},
		{"compare", "run the same suites against two servers (URLs or containers) and diff the verdicts", cmdCompare},
		{"discover", "look up a TAXII 2.1 server by DNS SRV (_taxii2._tcp) and fetch its discovery resource", cmdDiscover},
		{"selftest", "start the reference server on a free loopback port and run every suite against it", cmdSelftest},
		{"mutation", "kill matrix: run the suites against the reference server with each fault in turn", cmdMutation},
		{"version", "print the version", func([]string, io.Writer, io.Writer) int { fmt.Println("taxii-conform", version); return 0 }},
	}
}

func main() {
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "taxii-conform: unknown command %q\n", args[0])
	printUsage(stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: taxii-conform COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n'taxii-conform COMMAND -h' describes a command's flags.")
}

// parseFlags parses a command's flags; -h is not an error, anything else wrong is usage.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (bool, int) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, exitOK
		}
		return false, exitUsage
	}
	return true, 0
}

// report prints err and returns the exit status it deserves.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "taxii-conform:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitUnreachable
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
