// Command lambdabuild builds Lambda deployment packages for the functions
// under functions/: for each, a static Linux binary named bootstrap, built
// with -tags lambda.norpc, -trimpath and stripped, zipped alone into
// OUT/NAME.zip. The zips are reproducible: the same source and Go version
// give the same bytes.
//
// Usage:
//
//	go run ./tools/lambdabuild [-arch arm64] [-out .build/lambda] NAME...
//
// The Serverless plugin in tools/serverless runs it before `osls package`
// and `osls deploy`; `make lambda` runs it for every function.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// goArch maps Lambda architecture names to GOARCH values.
var goArch = map[string]string{"arm64": "arm64", "x86_64": "amd64"}

var functionName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "lambdabuild:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("lambdabuild", flag.ContinueOnError)
	arch := flags.String("arch", "arm64", "Lambda `architecture`: arm64 or x86_64")
	out := flags.String("out", filepath.Join(".build", "lambda"), "`directory` for the binaries and zips")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		return errors.New("usage: lambdabuild [-arch arm64|x86_64] [-out DIR] FUNCTION [FUNCTION ...]")
	}
	goarch, ok := goArch[*arch]
	if !ok {
		return fmt.Errorf("architecture %q is not arm64 or x86_64", *arch)
	}

	for _, name := range flags.Args() {
		if !functionName.MatchString(name) {
			return fmt.Errorf("function name %q is invalid: use lower-case letters, digits and '-'", name)
		}
		if _, err := os.Stat(filepath.Join("functions", name, "main.go")); err != nil {
			return fmt.Errorf("function %q: functions/%s/main.go not found (run from the repository root)", name, name)
		}

		bootstrap := filepath.Join(*out, name, "bootstrap")
		if err := build(name, goarch, bootstrap); err != nil {
			return err
		}
		zipPath := filepath.Join(*out, name+".zip")
		if err := writeZip(zipPath, bootstrap); err != nil {
			return err
		}
		fmt.Printf("built %s (linux/%s)\n", zipPath, goarch)
	}
	return nil
}

// build compiles functions/NAME for Lambda's provided.al2023 runtime.
func build(name, goarch, output string) error {
	cmd := exec.Command("go", "build",
		"-tags", "lambda.norpc",
		"-trimpath",
		"-buildvcs=false",
		"-ldflags", "-s -w -buildid=",
		"-o", output,
		"./functions/"+name,
	)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./functions/%s: %w\n%s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
