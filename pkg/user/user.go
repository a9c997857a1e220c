// Package user defines the user record that the login function reads from
// SSM parameter users/<username>, and the rules for usernames and passwords.
package user

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Cost is the bcrypt cost for new password hashes. Login compares unknown
// users against a dummy hash of the same cost, so both paths take the same
// time. A user hashed at another cost makes the timing differ.
const Cost = bcrypt.DefaultCost

// MaxPasswordBytes is bcrypt's input limit; longer passwords are rejected
// rather than silently truncated.
const MaxPasswordBytes = 72

// Errors returned by Validate*, Parse and HashPassword.
var (
	ErrInvalidUsername = errors.New("username must be 1 to 64 characters of letters, digits, '.', '_' or '-', without \"..\"")
	ErrInvalidPassword = errors.New("password must be 1 to 72 bytes")
	ErrInvalidRecord   = errors.New("invalid user record")
)

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ValidateUsername returns ErrInvalidUsername unless name can be a username.
// Usernames become the last level of an SSM parameter name, so they use only
// characters that SSM allows there and never "..", which pkg/param rejects.
func ValidateUsername(name string) error {
	if !usernamePattern.MatchString(name) || strings.Contains(name, "..") {
		return ErrInvalidUsername
	}
	return nil
}

// ValidatePassword returns ErrInvalidPassword for an empty password or one
// longer than MaxPasswordBytes.
func ValidatePassword(password string) error {
	if len(password) == 0 || len(password) > MaxPasswordBytes {
		return ErrInvalidPassword
	}
	return nil
}

// User is the record stored as JSON in SSM parameter users/<username>.
type User struct {
	// PasswordHash is a bcrypt hash ("$2a$…" or "$2b$…").
	PasswordHash string `json:"password_hash"`
	// Name is the display name, sent as the token's "name" claim.
	Name string `json:"name"`
	// Scopes are granted in the token's "scope" claim.
	Scopes []string `json:"scopes"`
	// Disabled users cannot sign in; their record stays for audit.
	Disabled bool `json:"disabled,omitempty"`
}

// Parse decodes a user record. It wraps ErrInvalidRecord when the JSON is
// malformed or the hash is not bcrypt. Errors never include the record.
func Parse(data []byte) (User, error) {
	var u User
	if err := json.Unmarshal(data, &u); err != nil {
		return User{}, fmt.Errorf("%w: not a JSON object", ErrInvalidRecord)
	}
	if _, err := bcrypt.Cost([]byte(u.PasswordHash)); err != nil {
		return User{}, fmt.Errorf("%w: password_hash is not a bcrypt hash", ErrInvalidRecord)
	}
	return u, nil
}

// HashPassword returns the bcrypt hash of password at Cost.
func HashPassword(password string) (string, error) {
	if err := ValidatePassword(password); err != nil {
		return "", err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), Cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(hash), nil
}

// PasswordMatches reports whether password matches the user's hash. It takes
// bcrypt's full time whatever the outcome.
func (u User) PasswordMatches(password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil
}
