package main

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/weather-portal/weather-portal/pkg/user"
)

// loadRecord parses users/NAME as the login function does.
func loadRecord(t *testing.T, env *testEnv, username string) user.User {
	t.Helper()

	record, err := user.Parse([]byte(env.mustGet(t, "users/"+username)))
	if err != nil {
		t.Fatalf("user.Parse(users/%s): %v", username, err)
	}
	return record
}

func TestUsersAdd(t *testing.T) {
	tests := []struct {
		name       string
		stdin      string
		args       []string
		username   string
		wantName   string
		wantScopes []string
		password   string
	}{
		{"defaults", "correct horse\n", []string{"users", "add", "alice"}, "alice", "alice", []string{"weather:read"}, "correct horse"},
		{"flags after name", "battery staple", []string{"users", "add", "bob", "-name", "Bob Builder", "-scopes", "weather:read,profile"}, "bob", "Bob Builder", []string{"weather:read", "profile"}, "battery staple"},
		{"flags before name", "s3cret-pass\r\n", []string{"users", "add", "-name=Carol", "carol"}, "carol", "Carol", []string{"weather:read"}, "s3cret-pass"},
		{"no scopes", "password1\nignored second line\n", []string{"users", "add", "dave", "-scopes", ""}, "dave", "dave", []string{}, "password1"},
		{"duplicate scopes", "password1\n", []string{"users", "add", "erin", "-scopes", "a, b,a,,"}, "erin", "erin", []string{"a", "b"}, "password1"},
		{"stage flag", "password1\n", []string{"-stage", "dev", "users", "add", "frank"}, "frank", "frank", []string{"weather:read"}, "password1"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			got := env.mustRun(t, tt.stdin, tt.args...)

			username := tt.username
			if !strings.Contains(got.stdout, "Created user "+username) {
				t.Errorf("stdout = %q, want it to report the new user", got.stdout)
			}

			record := loadRecord(t, env, username)
			if record.Name != tt.wantName {
				t.Errorf("Name = %q, want %q", record.Name, tt.wantName)
			}
			if !slices.Equal(record.Scopes, tt.wantScopes) {
				t.Errorf("Scopes = %q, want %q", record.Scopes, tt.wantScopes)
			}
			if record.Disabled {
				t.Error("Disabled = true, want false")
			}
			if !record.PasswordMatches(tt.password) {
				t.Errorf("PasswordMatches(%q) = false, want true", tt.password)
			}
		})
	}
}

func TestUsersAddPrompt(t *testing.T) {
	env := newTestEnv(t)
	prompter := &scriptedPrompter{answers: []string{"typed password", "typed password"}}

	got := env.runPrompted(t, prompter, "users", "add", "alice")
	if got.err != nil {
		t.Fatalf("users add: %v", got.err)
	}

	if len(prompter.prompts) != 2 {
		t.Errorf("prompts = %q, want two (password and repeat)", prompter.prompts)
	}
	if !loadRecord(t, env, "alice").PasswordMatches("typed password") {
		t.Error("PasswordMatches(typed password) = false, want true")
	}
}

func TestUsersAddRejects(t *testing.T) {
	tests := []struct {
		name      string
		stdin     string
		prompter  *scriptedPrompter
		args      []string
		wantParts []string
		wantUsage bool
	}{
		{"prompt mismatch", "", &scriptedPrompter{answers: []string{"first password", "second password"}}, []string{"users", "add", "alice"}, []string{"do not match"}, false},
		{"empty stdin", "", nil, []string{"users", "add", "alice"}, []string{"no password on stdin"}, false},
		{"empty first line", "\nsecond line\n", nil, []string{"users", "add", "alice"}, []string{"too short"}, false},
		{"short password", "short\n", nil, []string{"users", "add", "alice"}, []string{"too short", "8"}, false},
		{"long password", strings.Repeat("x", 73) + "\n", nil, []string{"users", "add", "alice"}, []string{"73 bytes", "72"}, false},
		{"huge stdin line", strings.Repeat("x", 5000), nil, []string{"users", "add", "alice"}, []string{"longer than 4096 bytes"}, false},
		{"invalid username", "password1\n", nil, []string{"users", "add", "../admin"}, []string{`invalid username "../admin"`}, false},
		{"invalid scope", "password1\n", nil, []string{"users", "add", "alice", "-scopes", `weather"read`}, []string{"invalid scope"}, false},
		{"control character in name", "password1\n", nil, []string{"users", "add", "alice", "-name", "A\x1b[2Jlice"}, []string{"control character"}, false},
		{"long display name", "password1\n", nil, []string{"users", "add", "alice", "-name", strings.Repeat("n", 129)}, []string{"129 characters"}, false},
		{"missing name", "password1\n", nil, []string{"users", "add"}, []string{"takes 1 argument(s)", "users add -h"}, true},
		{"two names", "password1\n", nil, []string{"users", "add", "alice", "bob"}, []string{"got 2"}, true},
		{"password flag", "password1\n", nil, []string{"users", "add", "alice", "-password", "secret"}, []string{"flag provided but not defined: -password"}, true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)

			var got result
			if tt.prompter != nil {
				got = env.runPrompted(t, tt.prompter, tt.args...)
			} else {
				got = env.run(t, tt.stdin, tt.args...)
			}

			wantErrorContaining(t, got.err, tt.wantParts...)
			var usage *usageError
			if gotUsage := errors.As(got.err, &usage); gotUsage != tt.wantUsage {
				t.Errorf("usage error = %v, want %v", gotUsage, tt.wantUsage)
			}
			if _, _, ok := env.get(t, "users/alice"); ok {
				t.Error("users/alice exists, want nothing written")
			}
		})
	}
}

func TestUsersAddKeepsExistingUser(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "first password\n", "users", "add", "alice", "-name", "Alice")
	before := env.mustGet(t, "users/alice")

	prompter := &scriptedPrompter{answers: []string{"other password", "other password"}}
	got := env.runPrompted(t, prompter, "users", "add", "alice")

	wantErrorContaining(t, got.err, "already exists", testPrefix+"/users/alice", "users passwd alice")
	if len(prompter.prompts) != 0 {
		t.Errorf("prompts = %q, want none before the existence check", prompter.prompts)
	}
	if after := env.mustGet(t, "users/alice"); after != before {
		t.Error("users/alice changed, want it untouched")
	}
}

func TestUsersPasswd(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "old password\n", "users", "add", "alice", "-name", "Alice", "-scopes", "weather:read,extra")
	env.mustRun(t, "", "users", "disable", "alice")

	got := env.mustRun(t, "new password\n", "users", "passwd", "alice")
	if !strings.Contains(got.stdout, "Changed the password of alice") {
		t.Errorf("stdout = %q, want a confirmation", got.stdout)
	}

	record := loadRecord(t, env, "alice")
	if !record.PasswordMatches("new password") {
		t.Error("PasswordMatches(new password) = false, want true")
	}
	if record.PasswordMatches("old password") {
		t.Error("PasswordMatches(old password) = true, want false")
	}
	if record.Name != "Alice" || !slices.Equal(record.Scopes, []string{"weather:read", "extra"}) || !record.Disabled {
		t.Errorf("record = {Name:%q Scopes:%q Disabled:%v}, want name, scopes and status kept", record.Name, record.Scopes, record.Disabled)
	}
}

func TestUsersPasswdRejects(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "old password\n", "users", "add", "alice")
	before := env.mustGet(t, "users/alice")

	tests := []struct {
		name      string
		stdin     string
		prompter  *scriptedPrompter
		args      []string
		wantParts []string
	}{
		{"missing user", "new password\n", nil, []string{"users", "passwd", "nobody"}, []string{"user nobody not found", "users add nobody"}},
		{"prompt mismatch", "", &scriptedPrompter{answers: []string{"new password", "new passwort"}}, []string{"users", "passwd", "alice"}, []string{"do not match"}},
		{"short password", "short\n", nil, []string{"users", "passwd", "alice"}, []string{"too short"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got result
			if tt.prompter != nil {
				got = env.runPrompted(t, tt.prompter, tt.args...)
			} else {
				got = env.run(t, tt.stdin, tt.args...)
			}

			wantErrorContaining(t, got.err, tt.wantParts...)
			if after := env.mustGet(t, "users/alice"); after != before {
				t.Error("users/alice changed, want it untouched")
			}
		})
	}
}

func TestUsersPasswdInvalidRecord(t *testing.T) {
	env := newTestEnv(t)
	if err := env.server.Put(testPrefix+"/users/broken", `{"password_hash":"plain-text"}`, true); err != nil {
		t.Fatalf("Put: %v", err)
	}

	got := env.run(t, "new password\n", "users", "passwd", "broken")

	wantErrorContaining(t, got.err, testPrefix+"/users/broken", "not a bcrypt hash", "users remove broken")
	if strings.Contains(got.err.Error(), "plain-text") {
		t.Errorf("error %q contains the stored record", got.err)
	}
}

func TestUsersDisableEnable(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "password1\n", "users", "add", "alice")

	steps := []struct {
		command      string
		wantDisabled bool
		wantStdout   string
	}{
		{"disable", true, "User alice is disabled"},
		{"disable", true, "already disabled; nothing changed"},
		{"enable", false, "User alice is enabled"},
		{"enable", false, "already enabled; nothing changed"},
	}
	for _, step := range steps {
		got := env.mustRun(t, "", "users", step.command, "alice")
		if !strings.Contains(got.stdout, step.wantStdout) {
			t.Errorf("users %s: stdout = %q, want it to contain %q", step.command, got.stdout, step.wantStdout)
		}

		record := loadRecord(t, env, "alice")
		if record.Disabled != step.wantDisabled {
			t.Errorf("after users %s: Disabled = %v, want %v", step.command, record.Disabled, step.wantDisabled)
		}
		if !record.PasswordMatches("password1") {
			t.Errorf("after users %s: PasswordMatches = false, want the password kept", step.command)
		}
	}

	got := env.run(t, "", "users", "disable", "nobody")
	wantErrorContaining(t, got.err, "user nobody not found")
}

func TestUsersRemove(t *testing.T) {
	env := newTestEnv(t)
	env.mustRun(t, "password1\n", "users", "add", "alice")

	got := env.mustRun(t, "", "users", "remove", "alice")
	if !strings.Contains(got.stdout, "Removed user alice") {
		t.Errorf("stdout = %q, want a confirmation", got.stdout)
	}
	if _, _, ok := env.get(t, "users/alice"); ok {
		t.Error("users/alice exists after users remove")
	}

	got = env.run(t, "", "users", "remove", "alice")
	wantErrorContaining(t, got.err, "user alice not found", "users list")
}

func TestUsersList(t *testing.T) {
	env := newTestEnv(t)

	got := env.mustRun(t, "", "users", "list")
	if !strings.Contains(got.stdout, "No users in "+testPrefix+"/users/") {
		t.Errorf("empty list stdout = %q, want a hint", got.stdout)
	}

	env.mustRun(t, "password1\n", "users", "add", "bob", "-name", "Bob Builder")
	env.mustRun(t, "password2\n", "users", "add", "alice", "-scopes", "weather:read,extra")
	env.mustRun(t, "", "users", "disable", "bob")
	env.mustRun(t, "password3\n", "users", "add", "carol", "-scopes", "")
	if err := env.server.Put(testPrefix+"/users/broken", `{"password_hash":"plain-text"}`, true); err != nil {
		t.Fatalf("Put: %v", err)
	}

	got = env.mustRun(t, "", "users", "list")
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	wantRows := [][]string{
		{"USERNAME", "NAME", "SCOPES", "STATUS"},
		{"alice", "alice", "weather:read extra", "enabled"},
		{"bob", "Bob Builder", "weather:read", "disabled"},
		{"broken", "-", "-", "invalid user record"},
		{"carol", "carol", "-", "enabled"},
	}
	if len(lines) != len(wantRows) {
		t.Fatalf("users list printed %d lines, want %d:\n%s", len(lines), len(wantRows), got.stdout)
	}
	for i, want := range wantRows {
		for _, cell := range want {
			if !strings.Contains(lines[i], cell) {
				t.Errorf("line %d = %q, want it to contain %q", i, lines[i], cell)
			}
		}
	}

	for _, secret := range []string{"$2a$", "$2b$", "plain-text"} {
		if strings.Contains(got.stdout, secret) {
			t.Errorf("users list output contains %q", secret)
		}
	}
}
