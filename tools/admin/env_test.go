package main

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/weather-portal/weather-portal/pkg/clocktest"
	"github.com/weather-portal/weather-portal/tools/internal/ssmlocal"
)

// testPrefix is the parameter prefix of the default stage, dev.
const testPrefix = "/weather-portal/dev"

// startTime is the fake clock's first reading.
var startTime = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// fakeClock is a clock that moves only when advanced.
type fakeClock = clocktest.Clock

// testEnv is an ssmlocal server on loopback, a real SDK client for it, and
// the fake clock that both admin and the server read.
type testEnv struct {
	server *ssmlocal.Server
	client *ssm.Client
	clock  *fakeClock

	// output collects the stdout and stderr of every run, so a test can
	// check that no secret was ever printed.
	output strings.Builder
}

// result is the outcome of one admin run.
type result struct {
	stdout string
	stderr string
	err    error
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()

	clock := clocktest.New(startTime)
	server, err := ssmlocal.New(ssmlocal.Options{Clock: clock.Now})
	if err != nil {
		t.Fatalf("ssmlocal.New: %v", err)
	}
	ts := httptest.NewServer(server)
	t.Cleanup(ts.Close)

	client := ssm.New(ssm.Options{
		BaseEndpoint: aws.String(ts.URL),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDADMINTEST", "admin-test-secret", ""),
	})
	return &testEnv{server: server, client: client, clock: clock}
}

// run runs admin with args, reading stdin as a pipe.
func (e *testEnv) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return e.runWith(t, stdin, nil, args...)
}

// runPrompted runs admin with args, reading secrets from prompter as if
// stdin were a terminal.
func (e *testEnv) runPrompted(t *testing.T, prompter secretPrompter, args ...string) result {
	t.Helper()
	return e.runWith(t, "", prompter, args...)
}

func (e *testEnv) runWith(t *testing.T, stdin string, prompter secretPrompter, args ...string) result {
	t.Helper()

	var stdout, stderr bytes.Buffer
	a := &app{
		stdin:    strings.NewReader(stdin),
		stdout:   &stdout,
		stderr:   &stderr,
		prompter: prompter,
		now:      e.clock.Now,
		client:   e.client,
	}
	err := a.run(context.Background(), args)

	e.output.WriteString(stdout.String())
	e.output.WriteString(stderr.String())
	if err != nil {
		e.output.WriteString(err.Error())
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// mustRun runs admin and fails the test on an error.
func (e *testEnv) mustRun(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	got := e.run(t, stdin, args...)
	if got.err != nil {
		t.Fatalf("admin %s: %v\nstderr: %s", strings.Join(args, " "), got.err, got.stderr)
	}
	return got
}

// get returns the decrypted value and type of the parameter name, relative
// to testPrefix, and whether it exists.
func (e *testEnv) get(t *testing.T, relative string) (string, types.ParameterType, bool) {
	t.Helper()

	out, err := e.client.GetParameter(context.Background(), &ssm.GetParameterInput{
		Name:           aws.String(testPrefix + "/" + relative),
		WithDecryption: aws.Bool(true),
	})
	var notFound *types.ParameterNotFound
	if errors.As(err, &notFound) {
		return "", "", false
	}
	if err != nil {
		t.Fatalf("GetParameter %s: %v", relative, err)
	}
	return aws.ToString(out.Parameter.Value), out.Parameter.Type, true
}

// mustGet returns the value of relative and fails unless it exists as a
// SecureString.
func (e *testEnv) mustGet(t *testing.T, relative string) string {
	t.Helper()

	value, parameterType, ok := e.get(t, relative)
	if !ok {
		t.Fatalf("parameter %s not found", relative)
	}
	if parameterType != types.ParameterTypeSecureString {
		t.Errorf("parameter %s type = %s, want SecureString", relative, parameterType)
	}
	return value
}

// scriptedPrompter returns its answers in order, as a user typing at a
// terminal prompt would, and records the prompts.
type scriptedPrompter struct {
	answers []string
	prompts []string
}

func (p *scriptedPrompter) readSecret(prompt string) (string, error) {
	p.prompts = append(p.prompts, prompt)
	if len(p.answers) == 0 {
		return "", errors.New("no answer left")
	}
	answer := p.answers[0]
	p.answers = p.answers[1:]
	return answer, nil
}

// wantErrorContaining fails unless err is non-nil and contains every part.
func wantErrorContaining(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want one containing %q", parts)
	}
	for _, part := range parts {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
}
