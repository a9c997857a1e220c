package main

import (
	"context"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/weather-portal/weather-portal/pkg/token"
)

// keyIDs returns the kids under auth/signing-keys in name order.
func keyIDs(t *testing.T, env *testEnv) []string {
	t.Helper()

	out, err := env.client.GetParametersByPath(context.Background(), &ssm.GetParametersByPathInput{
		Path: aws.String(testPrefix + "/auth/signing-keys"),
	})
	if err != nil {
		t.Fatalf("GetParametersByPath: %v", err)
	}

	var kids []string
	for _, p := range out.Parameters {
		kids = append(kids, path.Base(aws.ToString(p.Name)))
	}
	slices.Sort(kids)
	return kids
}

// newKeyID returns the one kid that is in after but not in before.
func newKeyID(t *testing.T, before, after []string) string {
	t.Helper()

	var added []string
	for _, kid := range after {
		if !slices.Contains(before, kid) {
			added = append(added, kid)
		}
	}
	if len(added) != 1 {
		t.Fatalf("new keys = %q, want exactly one", added)
	}
	return added[0]
}

// parseKey parses auth/signing-keys/KID as the login function does.
func parseKey(t *testing.T, env *testEnv, kid string) token.Key {
	t.Helper()

	key, err := token.ParsePrivateKeyPEM(kid, []byte(env.mustGet(t, "auth/signing-keys/"+kid)))
	if err != nil {
		t.Fatalf("token.ParsePrivateKeyPEM(%s): %v", kid, err)
	}
	return key
}

// activeKid returns the value of auth/active-kid.
func activeKid(t *testing.T, env *testEnv) string {
	t.Helper()
	return env.mustGet(t, "auth/active-kid")
}

// createAndRotate creates the first key, waits an hour, and rotates. It
// returns the first and the second kid.
func createAndRotate(t *testing.T, env *testEnv) (string, string) {
	t.Helper()

	env.mustRun(t, "", "keys", "create")
	first := keyIDs(t, env)
	env.clock.Advance(time.Hour)
	env.mustRun(t, "", "keys", "rotate")
	return first[0], newKeyID(t, first, keyIDs(t, env))
}

func TestKeysCreate(t *testing.T) {
	env := newTestEnv(t)

	got := env.mustRun(t, "", "keys", "create")

	kids := keyIDs(t, env)
	if len(kids) != 1 {
		t.Fatalf("keys = %q, want one", kids)
	}
	key := parseKey(t, env, kids[0])
	if got, want := key.Private.N.BitLen(), 2048; got != want {
		t.Errorf("key size = %d bits, want %d", got, want)
	}
	if thumbprint := token.Thumbprint(&key.Private.PublicKey); kids[0] != thumbprint {
		t.Errorf("kid = %q, want the RFC 7638 thumbprint %q", kids[0], thumbprint)
	}
	if active := activeKid(t, env); active != kids[0] {
		t.Errorf("auth/active-kid = %q, want %q", active, kids[0])
	}
	if !strings.Contains(got.stdout, "Created 2048-bit signing key "+kids[0]) {
		t.Errorf("stdout = %q, want the new kid", got.stdout)
	}

	again := env.run(t, "", "keys", "create")
	wantErrorContaining(t, again.err, "already exist", "keys rotate")
	if after := keyIDs(t, env); !slices.Equal(after, kids) {
		t.Errorf("keys after a second create = %q, want %q", after, kids)
	}
}

func TestKeysCreateRejectsBits(t *testing.T) {
	tests := []struct {
		bits string
		want string
	}{
		{"1024", "invalid -bits 1024: use 2048 to 4096"},
		{"8192", "invalid -bits 8192"},
		{"big", "invalid value"},
	}

	for _, tt := range tests {
		t.Run(tt.bits, func(t *testing.T) {
			env := newTestEnv(t)
			got := env.run(t, "", "keys", "create", "-bits", tt.bits)
			wantErrorContaining(t, got.err, tt.want)
			if kids := keyIDs(t, env); len(kids) != 0 {
				t.Errorf("keys = %q, want none", kids)
			}
		})
	}
}

func TestKeysRotateWithoutKeys(t *testing.T) {
	env := newTestEnv(t)
	got := env.run(t, "", "keys", "rotate")
	wantErrorContaining(t, got.err, "no signing keys", "keys create")
}

func TestKeysRotateAndActivate(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "", "keys", "create")
	first := keyIDs(t, env)

	env.clock.Advance(time.Hour)
	rotated := env.mustRun(t, "", "keys", "rotate")
	second := newKeyID(t, first, keyIDs(t, env))
	parseKey(t, env, second)

	publishedAt := startTime.Add(time.Hour)
	readyAt := publishedAt.Add(2*time.Hour + 5*time.Minute)
	for _, want := range []string{"Published 2048-bit signing key " + second, "not active yet", "activate it at " + formatTime(readyAt), "keys activate " + positionalArg(second)} {
		if !strings.Contains(rotated.stdout, want) {
			t.Errorf("rotate stdout = %q, want it to contain %q", rotated.stdout, want)
		}
	}
	if active := activeKid(t, env); active != first[0] {
		t.Fatalf("auth/active-kid after rotate = %q, want the first key %q", active, first[0])
	}

	steps := []struct {
		name      string
		at        time.Time
		wantError string
	}{
		{"right after publishing", publishedAt, "tokens it signs may be rejected until " + formatTime(readyAt)},
		{"one second early", readyAt.Add(-time.Second), "run this again then, or pass -force"},
		{"at the ready time", readyAt, ""},
	}
	for _, step := range steps {
		env.clock.Advance(step.at.Sub(env.clock.Now()))
		got := env.run(t, "", "keys", "activate", "--", second)

		if step.wantError != "" {
			wantErrorContaining(t, got.err, step.wantError)
			if active := activeKid(t, env); active != first[0] {
				t.Errorf("%s: auth/active-kid = %q, want it unchanged", step.name, active)
			}
			continue
		}

		if got.err != nil {
			t.Fatalf("%s: keys activate: %v", step.name, got.err)
		}
		if active := activeKid(t, env); active != second {
			t.Errorf("%s: auth/active-kid = %q, want %q", step.name, active, second)
		}
		retireAt := formatTime(readyAt.Add(20 * time.Minute))
		if !strings.Contains(got.stdout, "retire it at "+retireAt) || !strings.Contains(got.stdout, "keys retire "+positionalArg(first[0])) {
			t.Errorf("%s: stdout = %q, want when and how to retire %s", step.name, got.stdout, first[0])
		}
	}
}

func TestKeysActivateForce(t *testing.T) {
	env := newTestEnv(t)
	_, second := createAndRotate(t, env)

	got := env.run(t, "", "keys", "activate", "-force", "--", second)

	if got.err != nil {
		t.Fatalf("keys activate -force: %v", got.err)
	}
	if !strings.Contains(got.stderr, "warning: -force") {
		t.Errorf("stderr = %q, want a warning", got.stderr)
	}
	if active := activeKid(t, env); active != second {
		t.Errorf("auth/active-kid = %q, want %q", active, second)
	}
}

func TestKeysActivateCacheFlags(t *testing.T) {
	env := newTestEnv(t)
	_, second := createAndRotate(t, env)

	env.clock.Advance(10 * time.Minute)
	got := env.run(t, "", "keys", "activate", "-cache-ttl", "8m", "-param-cache-ttl", "2m", "--", second)

	if got.err != nil {
		t.Fatalf("keys activate after 10m with 8m+2m caches: %v", got.err)
	}
	if active := activeKid(t, env); active != second {
		t.Errorf("auth/active-kid = %q, want %q", active, second)
	}

	got = env.run(t, "", "keys", "activate", "-cache-ttl", "-1m", "--", second)
	wantErrorContaining(t, got.err, "invalid -cache-ttl -1m0s")
}

func TestKeysActivateRejects(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "", "keys", "create")
	first := keyIDs(t, env)[0]
	const badPEM = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
	if err := env.server.Put(testPrefix+"/auth/signing-keys/broken", badPEM, true); err != nil {
		t.Fatalf("Put: %v", err)
	}
	env.clock.Advance(24 * time.Hour)

	tests := []struct {
		name      string
		kid       string
		wantParts []string
	}{
		{"unknown key", "missing-kid", []string{"key missing-kid not found", "keys list"}},
		{"invalid kid", "../users/alice", []string{`invalid key id "../users/alice"`}},
		{"unusable key", "broken", []string{testPrefix + "/auth/signing-keys/broken is not a usable signing key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := env.run(t, "", "keys", "activate", "--", tt.kid)
			wantErrorContaining(t, got.err, tt.wantParts...)
			if strings.Contains(got.err.Error(), "bm90IGEga2V5") {
				t.Errorf("error %q contains the stored key", got.err)
			}
			if active := activeKid(t, env); active != first {
				t.Errorf("auth/active-kid = %q, want it unchanged", active)
			}
		})
	}

	t.Run("already active", func(t *testing.T) {
		got := env.mustRun(t, "", "keys", "activate", "--", first)
		if !strings.Contains(got.stdout, "already active") {
			t.Errorf("stdout = %q, want it to say nothing changed", got.stdout)
		}
	})
}

func TestKeysRetire(t *testing.T) {
	env := newTestEnv(t)
	first, second := createAndRotate(t, env)
	env.clock.Advance(2*time.Hour + 5*time.Minute)
	env.mustRun(t, "", "keys", "activate", "--", second)
	switchedAt := env.clock.Now()
	safeAt := switchedAt.Add(20 * time.Minute)

	// Each step runs at its time, in order. wantKeys lists the keys left
	// after it.
	both := []string{first, second}
	slices.Sort(both)
	steps := []struct {
		name      string
		at        time.Time
		args      []string
		wantError []string
		wantKeys  []string
	}{
		{"right after the switch", switchedAt, []string{"--", first}, []string{"may be valid until " + formatTime(safeAt), "pass -force"}, both},
		{"active key", switchedAt, []string{"--", second}, []string{"is the active key", "keys activate"}, both},
		{"active key with force", switchedAt, []string{"-force", "--", second}, []string{"is the active key"}, both},
		{"one second early", safeAt.Add(-time.Second), []string{"--", first}, []string{"may be valid until"}, both},
		{"unknown key", safeAt, []string{"missing-kid"}, []string{"key missing-kid not found"}, both},
		{"no key id", safeAt, nil, []string{"takes 1 argument(s) (KID), got 0"}, both},
		{"after the token lifetime", safeAt, []string{"--", first}, nil, []string{second}},
		{"already retired", safeAt, []string{"--", first}, []string{"key " + first + " not found"}, []string{second}},
	}
	for _, step := range steps {
		env.clock.Advance(step.at.Sub(env.clock.Now()))
		got := env.run(t, "", append([]string{"keys", "retire"}, step.args...)...)

		if step.wantError != nil {
			wantErrorContaining(t, got.err, step.wantError...)
		} else if got.err != nil {
			t.Fatalf("%s: keys retire: %v", step.name, got.err)
		}

		if kids := keyIDs(t, env); !slices.Equal(kids, step.wantKeys) {
			t.Errorf("%s: keys = %q, want %q", step.name, kids, step.wantKeys)
		}
	}

	if active := activeKid(t, env); active != second {
		t.Errorf("auth/active-kid = %q, want %q", active, second)
	}
}

func TestKeysRetireForce(t *testing.T) {
	env := newTestEnv(t)
	first, second := createAndRotate(t, env)
	env.mustRun(t, "", "keys", "activate", "-force", "--", second)

	got := env.run(t, "", "keys", "retire", "-force", "--", first)

	if got.err != nil {
		t.Fatalf("keys retire -force: %v", got.err)
	}
	if !strings.Contains(got.stderr, "warning: -force") {
		t.Errorf("stderr = %q, want a warning", got.stderr)
	}
	if kids := keyIDs(t, env); !slices.Equal(kids, []string{second}) {
		t.Errorf("keys = %q, want only %s", kids, second)
	}
}

func TestKeysRetireUnusedKey(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "", "keys", "create")
	first := keyIDs(t, env)

	env.clock.Advance(time.Second)
	env.mustRun(t, "", "keys", "rotate")
	second := newKeyID(t, first, keyIDs(t, env))

	got := env.run(t, "", "keys", "retire", "--", second)

	if got.err != nil {
		t.Fatalf("keys retire of a key published after the last activation: %v", got.err)
	}
	if got.stderr != "" {
		t.Errorf("stderr = %q, want no warning", got.stderr)
	}
	if kids := keyIDs(t, env); !slices.Equal(kids, first) {
		t.Errorf("keys = %q, want %q", kids, first)
	}
}

func TestKeysRetireWithoutActiveKid(t *testing.T) {
	env := newTestEnv(t)
	key, err := token.GenerateKey(2048)
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}
	pem, err := token.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatalf("EncodePrivateKeyPEM: %v", err)
	}
	if err := env.server.Put(testPrefix+"/auth/signing-keys/"+key.ID, string(pem), true); err != nil {
		t.Fatalf("Put: %v", err)
	}
	env.clock.Advance(24 * time.Hour)

	got := env.run(t, "", "keys", "retire", "-force", "--", key.ID)
	wantErrorContaining(t, got.err, "only key", "auth/active-kid is missing")

	env.mustRun(t, "", "keys", "rotate")
	got = env.run(t, "", "keys", "retire", "--", key.ID)
	wantErrorContaining(t, got.err, "auth/active-kid is missing", "pass -force")
	if kids := keyIDs(t, env); len(kids) != 2 {
		t.Fatalf("keys = %q, want both kept", kids)
	}

	got = env.run(t, "", "keys", "retire", "-force", "--", key.ID)
	if got.err != nil {
		t.Fatalf("keys retire -force: %v", got.err)
	}
	if kids := keyIDs(t, env); slices.Contains(kids, key.ID) {
		t.Errorf("keys = %q, want %s deleted", kids, key.ID)
	}
}

func TestKeysList(t *testing.T) {
	env := newTestEnv(t)

	got := env.mustRun(t, "", "keys", "list")
	if !strings.Contains(got.stdout, "No signing keys") {
		t.Errorf("empty list stdout = %q, want a hint", got.stdout)
	}

	first, second := createAndRotate(t, env)
	got = env.mustRun(t, "", "keys", "list")
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	wantRows := [][]string{
		{"KID", "PUBLISHED", "STATUS", "ACTIVATE FROM", "RETIRE FROM"},
		{first, formatTime(startTime) + " (1h ago)", "active since " + formatTime(startTime)},
		{second, formatTime(startTime.Add(time.Hour)) + " (<1m ago)", "inactive", formatTime(startTime.Add(3*time.Hour + 5*time.Minute)), "now"},
	}
	if len(lines) != len(wantRows) {
		t.Fatalf("keys list printed %d lines, want %d:\n%s", len(lines), len(wantRows), got.stdout)
	}
	for i, want := range wantRows {
		for _, cell := range want {
			if !strings.Contains(lines[i], cell) {
				t.Errorf("line %d = %q, want it to contain %q", i, lines[i], cell)
			}
		}
	}
	if got.stderr != "" {
		t.Errorf("stderr = %q, want no warning", got.stderr)
	}
	if strings.Contains(got.stdout, "PRIVATE KEY") {
		t.Error("keys list output contains a key")
	}

	if err := env.server.Put(testPrefix+"/auth/active-kid", "gone", true); err != nil {
		t.Fatalf("Put: %v", err)
	}
	got = env.mustRun(t, "", "keys", "list")
	if !strings.Contains(got.stderr, `names key "gone", which is not in`) {
		t.Errorf("stderr = %q, want a warning about the missing active key", got.stderr)
	}
}

func TestKeyIDStartingWithDash(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "", "keys", "create")
	first := keyIDs(t, env)[0]

	key, err := token.GenerateKey(2048)
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}
	pem, err := token.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatalf("EncodePrivateKeyPEM: %v", err)
	}
	const dashKid = "-dash-kid"
	if err := env.server.Put(testPrefix+"/auth/signing-keys/"+dashKid, string(pem), true); err != nil {
		t.Fatalf("Put: %v", err)
	}
	env.clock.Advance(3 * time.Hour)

	got := env.run(t, "", "keys", "activate", dashKid)
	wantErrorContaining(t, got.err, "flag provided but not defined: -dash-kid", "to pass a KID that starts with '-', put -- before it")

	got = env.mustRun(t, "", "keys", "activate", "--", dashKid)
	if active := activeKid(t, env); active != dashKid {
		t.Errorf("auth/active-kid = %q, want %q", active, dashKid)
	}
	if !strings.Contains(got.stdout, "keys retire "+positionalArg(first)) {
		t.Errorf("stdout = %q, want the retire command for %s", got.stdout, first)
	}
}

func TestPositionalArg(t *testing.T) {
	tests := []struct {
		value string
		want  string
	}{
		{"alice", "alice"},
		{"-dash-kid", "-- -dash-kid"},
		{"a-b", "a-b"},
	}
	for _, tt := range tests {
		if got := positionalArg(tt.value); got != tt.want {
			t.Errorf("positionalArg(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}
