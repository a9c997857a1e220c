package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weather-portal/weather-portal/pkg/param"
	"github.com/weather-portal/weather-portal/pkg/user"
)

// usersPath is the path of the user records, relative to the stage prefix.
const usersPath = "users"

// maxDisplayNameChars is the longest display name accepted. It is a local
// choice: the name is shown in the UI and sent in every token.
const maxDisplayNameChars = 128

// cacheNote is the message that says when the login function sees a changed
// user record.
var cacheNote = fmt.Sprintf("login reads the change within the functions' parameter cache TTL (PARAM_CACHE_TTL, %s by default)", formatDuration(param.DefaultTTL))

func usersAdd(ctx context.Context, a *app, args []string) error {
	flags := newCommandFlags("users add", "NAME", `
Creates the user NAME in users/NAME. The password is read twice from a prompt
without echo, or from the first line of stdin when stdin is not a terminal.
It must have at least 8 characters and at most 72 bytes. An existing user is
never overwritten: use 'users passwd' to change a password.`)
	displayName := flags.String("name", "", "display `text` shown in the UI and sent in the token's name claim (default NAME)")
	scopeList := flags.String("scopes", "weather:read", "comma-separated `list` of scopes granted in the token's scope claim; empty grants none")
	positional, err := flags.parse(a, args, 1)
	if err != nil {
		return err
	}

	username := positional[0]
	if err := user.ValidateUsername(username); err != nil {
		return fmt.Errorf("invalid username %q: %w", username, err)
	}
	if *displayName == "" {
		*displayName = username
	}
	if err := validateDisplayName(*displayName); err != nil {
		return err
	}
	scopes, err := parseScopes(*scopeList)
	if err != nil {
		return err
	}

	relative := usersPath + "/" + username
	_, err = a.params.describeOne(ctx, relative)
	if err == nil {
		return userExistsError(a, username)
	}
	var notFound *notFoundError
	if !errors.As(err, &notFound) {
		return fmt.Errorf("check user %s: %w", username, err)
	}

	password, err := a.readNewPassword(username)
	if err != nil {
		return err
	}

	record := user.User{Name: *displayName, Scopes: scopes}
	if err := setPassword(&record, password); err != nil {
		return err
	}

	err = a.params.put(ctx, relative, encodeUser(record), false)
	var exists *existsError
	if errors.As(err, &exists) {
		return userExistsError(a, username)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", username, err)
	}

	fmt.Fprintf(a.stdout, "Created user %s (name %q, scopes %q) in %s.\n", username, record.Name, strings.Join(scopes, " "), a.params.name(relative))
	return nil
}

func usersPasswd(ctx context.Context, a *app, args []string) error {
	flags := newCommandFlags("users passwd", "NAME", `
Sets a new password for the user NAME and keeps the display name, scopes and
status. The password is read twice from a prompt without echo, or from the
first line of stdin when stdin is not a terminal.`)
	positional, err := flags.parse(a, args, 1)
	if err != nil {
		return err
	}

	username := positional[0]
	record, err := loadUser(ctx, a, username)
	if err != nil {
		return err
	}

	password, err := a.readNewPassword(username)
	if err != nil {
		return err
	}
	if err := setPassword(&record, password); err != nil {
		return err
	}

	if err := saveUser(ctx, a, username, record); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Changed the password of %s; %s.\n", username, cacheNote)
	return nil
}

func usersDisable(ctx context.Context, a *app, args []string) error {
	return setDisabled(ctx, a, args, true)
}

func usersEnable(ctx context.Context, a *app, args []string) error {
	return setDisabled(ctx, a, args, false)
}

func setDisabled(ctx context.Context, a *app, args []string, disabled bool) error {
	verb := "enable"
	description := "Allows the disabled user NAME to log in again."
	if disabled {
		verb = "disable"
		description = `
Rejects new logins of the user NAME and keeps the record. Tokens already
issued stay valid until they expire (TOKEN_LIFETIME, 15m by default).`
	}
	flags := newCommandFlags("users "+verb, "NAME", description)
	positional, err := flags.parse(a, args, 1)
	if err != nil {
		return err
	}

	username := positional[0]
	record, err := loadUser(ctx, a, username)
	if err != nil {
		return err
	}
	if record.Disabled == disabled {
		fmt.Fprintf(a.stdout, "User %s is already %sd; nothing changed.\n", username, verb)
		return nil
	}

	record.Disabled = disabled
	if err := saveUser(ctx, a, username, record); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "User %s is %sd; %s.\n", username, verb, cacheNote)
	return nil
}

func usersRemove(ctx context.Context, a *app, args []string) error {
	flags := newCommandFlags("users remove", "NAME", `
Deletes the user NAME. Tokens already issued stay valid until they expire
(TOKEN_LIFETIME, 15m by default). To keep the record, use 'users disable'.`)
	positional, err := flags.parse(a, args, 1)
	if err != nil {
		return err
	}

	username := positional[0]
	if err := user.ValidateUsername(username); err != nil {
		return fmt.Errorf("invalid username %q: %w", username, err)
	}

	err = a.params.delete(ctx, usersPath+"/"+username)
	var notFound *notFoundError
	if errors.As(err, &notFound) {
		return fmt.Errorf("user %s not found in %s; %s lists the users", username, notFound.name, a.commandLine("users list"))
	}
	if err != nil {
		return fmt.Errorf("remove user %s: %w", username, err)
	}

	fmt.Fprintf(a.stdout, "Removed user %s; %s.\n", username, cacheNote)
	return nil
}

// loadUser reads and parses the record of username. Errors name the
// parameter and the command to run.
func loadUser(ctx context.Context, a *app, username string) (user.User, error) {
	if err := user.ValidateUsername(username); err != nil {
		return user.User{}, fmt.Errorf("invalid username %q: %w", username, err)
	}

	stored, err := a.params.get(ctx, usersPath+"/"+username)
	var notFound *notFoundError
	if errors.As(err, &notFound) {
		return user.User{}, fmt.Errorf("user %s not found in %s; create it with %s", username, notFound.name, a.commandLine("users add %s", positionalArg(username)))
	}
	if err != nil {
		return user.User{}, fmt.Errorf("load user %s: %w", username, err)
	}

	record, err := user.Parse([]byte(stored.Value))
	if err != nil {
		return user.User{}, fmt.Errorf("load user %s from %s: %w; replace it with %s and %s", username, stored.Name, err, a.commandLine("users remove %s", positionalArg(username)), a.commandLine("users add %s", positionalArg(username)))
	}
	return record, nil
}

func saveUser(ctx context.Context, a *app, username string, record user.User) error {
	if err := a.params.put(ctx, usersPath+"/"+username, encodeUser(record), true); err != nil {
		return fmt.Errorf("save user %s: %w", username, err)
	}
	return nil
}

func setPassword(record *user.User, password string) error {
	hash, err := user.HashPassword(password)
	if err != nil {
		return err
	}
	record.PasswordHash = hash
	return nil
}

// encodeUser returns the JSON record that the login function parses.
func encodeUser(record user.User) string {
	if record.Scopes == nil {
		record.Scopes = []string{}
	}
	data, _ := json.Marshal(record) // a struct of strings, a slice and a bool always encodes
	return string(data)
}

func userExistsError(a *app, username string) error {
	return fmt.Errorf("user %s already exists in %s; change its password with %s",
		username, a.params.name(usersPath+"/"+username), a.commandLine("users passwd %s", positionalArg(username)))
}

// validateDisplayName rejects empty names, names longer than
// maxDisplayNameChars, invalid UTF-8 and control characters.
func validateDisplayName(name string) error {
	if !utf8.ValidString(name) {
		return errors.New("invalid -name: not valid UTF-8")
	}
	count := utf8.RuneCountInString(name)
	if count == 0 || count > maxDisplayNameChars {
		return fmt.Errorf("invalid -name: it has %d characters; use 1 to %d", count, maxDisplayNameChars)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fmt.Errorf("invalid -name %q: it contains a control character", name)
	}
	return nil
}

// parseScopes splits a comma-separated list, drops empty entries and
// duplicates, and checks each scope against the scope-token syntax of
// RFC 6749 section 3.3: printable ASCII except space, '"' and '\'.
func parseScopes(list string) ([]string, error) {
	scopes := []string{}
	seen := map[string]bool{}
	for _, scope := range strings.Split(list, ",") {
		scope = strings.TrimSpace(scope)
		if scope == "" || seen[scope] {
			continue
		}
		for _, r := range scope {
			if r < 0x21 || r > 0x7e || r == '"' || r == '\\' {
				return nil, fmt.Errorf("invalid scope %q in -scopes: use printable ASCII without spaces, '\"' or '\\'", scope)
			}
		}
		seen[scope] = true
		scopes = append(scopes, scope)
	}
	return scopes, nil
}
