package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/weather-portal/weather-portal/pkg/user"
)

// minPasswordChars is the shortest password that admin stores. It is a
// local choice. The login function itself accepts 1 to 72 bytes.
const minPasswordChars = 8

// maxSecretLineBytes bounds the line read from stdin, far above the
// 72-byte password limit and the 32-character OpenWeather key.
const maxSecretLineBytes = 4096

// secretPrompter reads one secret from the user without showing it.
type secretPrompter interface {
	readSecret(prompt string) (string, error)
}

// terminalPrompter reads secrets from the terminal on fd with echo turned
// off, and writes prompts to output.
type terminalPrompter struct {
	fd     int
	output io.Writer
}

// readSecret prints prompt and reads one line without echo. Ctrl-C during
// the read restores the terminal state and exits with status 130, because
// term.ReadPassword leaves echo off when the process dies in the read.
func (p terminalPrompter) readSecret(prompt string) (string, error) {
	state, err := term.GetState(p.fd)
	if err != nil {
		return "", fmt.Errorf("read terminal state: %w", err)
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	defer func() {
		signal.Stop(signals)
		close(done)
	}()
	go func() {
		select {
		case <-signals:
			_ = term.Restore(p.fd, state)
			fmt.Fprintln(p.output)
			os.Exit(130)
		case <-done:
		}
	}()

	fmt.Fprint(p.output, prompt)
	secret, err := term.ReadPassword(p.fd)
	fmt.Fprintln(p.output)
	if err != nil {
		return "", fmt.Errorf("read from terminal: %w", err)
	}
	return string(secret), nil
}

// readStdinLine returns the first line of stdin without its line ending.
// secretName names the secret in errors, such as "password".
func (a *app) readStdinLine(secretName string) (string, error) {
	scanner := bufio.NewScanner(a.stdin)
	scanner.Buffer(make([]byte, 0, 256), maxSecretLineBytes)

	if !scanner.Scan() {
		if err := scanner.Err(); errors.Is(err, bufio.ErrTooLong) {
			return "", fmt.Errorf("read %s from stdin: the first line is longer than %d bytes", secretName, maxSecretLineBytes)
		} else if err != nil {
			return "", fmt.Errorf("read %s from stdin: %w", secretName, err)
		}
		return "", fmt.Errorf("no %s on stdin: pipe it as the first line, or run admin in a terminal to be prompted", secretName)
	}
	return scanner.Text(), nil
}

// readNewPassword returns a new password for username: from the prompter,
// asked twice and compared, or else from the first line of stdin. It checks
// the length limits before returning.
func (a *app) readNewPassword(username string) (string, error) {
	var password string
	if a.prompter != nil {
		first, err := a.prompter.readSecret(fmt.Sprintf("New password for %s: ", username))
		if err != nil {
			return "", err
		}
		second, err := a.prompter.readSecret("Repeat the password: ")
		if err != nil {
			return "", err
		}
		if first != second {
			return "", errors.New("the two passwords do not match; nothing was changed")
		}
		password = first
	} else {
		line, err := a.readStdinLine("password")
		if err != nil {
			return "", err
		}
		password = line
	}

	if utf8.RuneCountInString(password) < minPasswordChars {
		return "", fmt.Errorf("password is too short: use at least %d characters", minPasswordChars)
	}
	if len(password) > user.MaxPasswordBytes {
		return "", fmt.Errorf("password is %d bytes: the maximum is %d, because bcrypt ignores the bytes after that", len(password), user.MaxPasswordBytes)
	}
	if err := user.ValidatePassword(password); err != nil {
		return "", err
	}
	return password, nil
}

// readSecretValue returns a secret such as an API key: from the prompter,
// asked once, or else from the first line of stdin.
func (a *app) readSecretValue(secretName string) (string, error) {
	if a.prompter != nil {
		return a.prompter.readSecret(fmt.Sprintf("%s: ", secretName))
	}
	return a.readStdinLine(secretName)
}
