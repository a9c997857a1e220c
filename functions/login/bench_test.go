package main

import (
	"context"
	"testing"
)

// BenchmarkLoginFailure compares a wrong password with an unknown user. Both
// must cost one bcrypt comparison, so their times should match; a large gap
// would tell an attacker which usernames exist.
func BenchmarkLoginFailure(b *testing.B) {
	f := newFixture(b)
	cases := map[string]string{
		"wrong-password": `{"username":"dev","password":"wrong horse"}`,
		"unknown-user":   `{"username":"nobody","password":"wrong horse"}`,
	}

	for name, body := range cases {
		b.Run(name, func(b *testing.B) {
			req := loadEvent(b, "post-login.json")
			req.Body = body

			for b.Loop() {
				if _, err := f.handler.Handle(context.Background(), req); err == nil {
					b.Fatal("login succeeded, want a rejection")
				}
			}
		})
	}
}
