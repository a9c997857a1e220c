package token

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var (
	testKeysOnce sync.Once
	testKeyA     Key
	testKeyB     Key
)

// testKeys returns two RSA keys shared by all tests, since generating them
// takes most of the test time.
func testKeys(t *testing.T) (Key, Key) {
	t.Helper()
	testKeysOnce.Do(func() {
		var err error
		if testKeyA, err = GenerateKey(2048); err != nil {
			panic(err)
		}
		if testKeyB, err = GenerateKey(2048); err != nil {
			panic(err)
		}
	})
	return testKeyA, testKeyB
}

var testNow = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

func testIssuer() Issuer {
	return Issuer{
		URL:      "https://api.example.test",
		Audience: "weather-portal",
		Lifetime: 15 * time.Minute,
		Now:      func() time.Time { return testNow },
	}
}

func testVerifier(keys ...Key) Verifier {
	return Verifier{
		Issuer:    "https://api.example.test",
		Audiences: []string{"weather-portal"},
		Keys:      func() (JWKS, error) { return NewJWKS(keys), nil },
		Now:       func() time.Time { return testNow.Add(time.Minute) },
	}
}

var testSubject = Subject{ID: "dev", Name: "Dev User", Scopes: []string{"weather:read"}}

func TestIssueClaims(t *testing.T) {
	keyA, _ := testKeys(t)

	signed, claims, err := testIssuer().Issue(keyA, testSubject)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}

	header := decodeSegment(t, signed, 0)
	if got, want := header["alg"], "RS256"; got != want {
		t.Errorf("alg = %v, want %v", got, want)
	}
	if got, want := header["kid"], keyA.ID; got != want {
		t.Errorf("kid = %v, want %v", got, want)
	}

	payload := decodeSegment(t, signed, 1)
	wantPayload := map[string]any{
		"iss":   "https://api.example.test",
		"aud":   []any{"weather-portal"},
		"sub":   "dev",
		"name":  "Dev User",
		"scope": "weather:read",
		"iat":   float64(testNow.Unix()),
		"nbf":   float64(testNow.Unix()),
		"exp":   float64(testNow.Add(15 * time.Minute).Unix()),
	}
	for name, want := range wantPayload {
		gotJSON, _ := json.Marshal(payload[name])
		wantJSON, _ := json.Marshal(want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("claim %s = %s, want %s", name, gotJSON, wantJSON)
		}
	}
	if got, want := claims.ExpiresAt.Time, testNow.Add(15*time.Minute); !got.Equal(want) {
		t.Errorf("returned exp = %v, want %v", got, want)
	}
}

func TestVerifyAcceptsIssuedToken(t *testing.T) {
	keyA, keyB := testKeys(t)
	signed, _, err := testIssuer().Issue(keyA, testSubject)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}

	claims, scopes, err := testVerifier(keyB, keyA).Verify(signed, []string{"weather:read"})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got, want := claims["name"], "Dev User"; got != want {
		t.Errorf("name = %v, want %v", got, want)
	}
	if len(scopes) != 1 || scopes[0] != "weather:read" {
		t.Errorf("scopes = %v, want [weather:read]", scopes)
	}
}

func TestVerifyRejects(t *testing.T) {
	keyA, keyB := testKeys(t)
	issuer := testIssuer()

	valid, _, err := issuer.Issue(keyA, testSubject)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}

	tests := []struct {
		name     string
		token    func(t *testing.T) string
		required []string
		want     error
	}{
		{
			name: "signed by another key with the same kid",
			token: func(t *testing.T) string {
				return issueWith(t, issuer, Key{ID: keyA.ID, Private: keyB.Private})
			},
			want: ErrInvalidToken,
		},
		{
			name: "alg none",
			token: func(t *testing.T) string {
				unsigned := jwt.NewWithClaims(jwt.SigningMethodNone, validClaims())
				unsigned.Header["kid"] = keyA.ID
				s, err := unsigned.SignedString(jwt.UnsafeAllowNoneSignatureType)
				if err != nil {
					t.Fatal(err)
				}
				return s
			},
			want: ErrInvalidToken,
		},
		{
			name: "HS256 keyed with the public key",
			token: func(t *testing.T) string {
				der, err := x509.MarshalPKIXPublicKey(&keyA.Private.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				unsigned := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims())
				unsigned.Header["kid"] = keyA.ID
				s, err := unsigned.SignedString(der)
				if err != nil {
					t.Fatal(err)
				}
				return s
			},
			want: ErrInvalidToken,
		},
		{
			name: "unknown kid",
			token: func(t *testing.T) string {
				return issueWith(t, issuer, Key{ID: "no-such-key", Private: keyA.Private})
			},
			want: ErrUnknownKey,
		},
		{
			name: "no kid",
			token: func(t *testing.T) string {
				unsigned := jwt.NewWithClaims(jwt.SigningMethodRS256, validClaims())
				s, err := unsigned.SignedString(keyA.Private)
				if err != nil {
					t.Fatal(err)
				}
				return s
			},
			want: ErrUnknownKey,
		},
		{
			name: "wrong issuer",
			token: func(t *testing.T) string {
				other := issuer
				other.URL = "https://evil.example.test"
				return issueWith(t, other, keyA)
			},
			want: ErrInvalidToken,
		},
		{
			name: "wrong audience",
			token: func(t *testing.T) string {
				other := issuer
				other.Audience = "another-api"
				return issueWith(t, other, keyA)
			},
			want: ErrInvalidToken,
		},
		{
			name: "expired",
			token: func(t *testing.T) string {
				other := issuer
				other.Now = func() time.Time { return testNow.Add(-time.Hour) }
				return issueWith(t, other, keyA)
			},
			want: ErrInvalidToken,
		},
		{
			name: "not yet valid",
			token: func(t *testing.T) string {
				other := issuer
				other.Now = func() time.Time { return testNow.Add(10 * time.Minute) }
				return issueWith(t, other, keyA)
			},
			want: ErrInvalidToken,
		},
		{
			name: "no expiry",
			token: func(t *testing.T) string {
				claims := validClaims()
				claims.ExpiresAt = nil
				unsigned := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
				unsigned.Header["kid"] = keyA.ID
				s, err := unsigned.SignedString(keyA.Private)
				if err != nil {
					t.Fatal(err)
				}
				return s
			},
			want: ErrInvalidToken,
		},
		{
			name:     "missing scope",
			token:    func(*testing.T) string { return valid },
			required: []string{"admin:write"},
			want:     ErrMissingScope,
		},
		{
			name: "tampered payload",
			token: func(t *testing.T) string {
				parts := strings.Split(valid, ".")
				payload := decodeSegment(t, valid, 1)
				payload["scope"] = "weather:read admin:write"
				data, _ := json.Marshal(payload)
				parts[1] = base64.RawURLEncoding.EncodeToString(data)
				return strings.Join(parts, ".")
			},
			want: ErrInvalidToken,
		},
		{
			name:  "garbage",
			token: func(*testing.T) string { return "not.a.jwt" },
			want:  ErrInvalidToken,
		},
		{
			name:  "empty",
			token: func(*testing.T) string { return "" },
			want:  ErrInvalidToken,
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := testVerifier(keyA).Verify(tt.token(t), tt.required)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyAcceptsClientIDWithoutAudience(t *testing.T) {
	keyA, _ := testKeys(t)
	claims := jwt.MapClaims{
		"iss":       "https://api.example.test",
		"client_id": "weather-portal",
		"sub":       "machine",
		"iat":       testNow.Unix(),
		"exp":       testNow.Add(time.Hour).Unix(),
		"scp":       []string{"weather:read"},
	}
	unsigned := jwt.NewWithClaims(jwt.SigningMethodRS384, claims)
	unsigned.Header["kid"] = keyA.ID
	signed, err := unsigned.SignedString(keyA.Private)
	if err != nil {
		t.Fatal(err)
	}

	_, scopes, err := testVerifier(keyA).Verify(signed, []string{"weather:read"})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if len(scopes) != 1 || scopes[0] != "weather:read" {
		t.Errorf("scopes = %v, want [weather:read]", scopes)
	}
}

func TestParsePrivateKeyPEMRoundTrip(t *testing.T) {
	keyA, _ := testKeys(t)

	data, err := EncodePrivateKeyPEM(keyA)
	if err != nil {
		t.Fatalf("EncodePrivateKeyPEM: %v", err)
	}
	parsed, err := ParsePrivateKeyPEM(keyA.ID, data)
	if err != nil {
		t.Fatalf("ParsePrivateKeyPEM: %v", err)
	}
	if !parsed.Private.Equal(keyA.Private) {
		t.Error("parsed key differs from the encoded one")
	}
	if got, want := Thumbprint(&parsed.Private.PublicKey), keyA.ID; got != want {
		t.Errorf("Thumbprint = %s, want the generated kid %s", got, want)
	}
}

func TestParsePrivateKeyPEMRejects(t *testing.T) {
	tests := map[string]string{
		"not PEM":    "hello",
		"public key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
		"bad PKCS#8": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
		"bad PKCS#1": "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
	}
	for name, input := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ParsePrivateKeyPEM("k1", []byte(input)); err == nil {
				t.Error("ParsePrivateKeyPEM succeeded, want an error")
			}
		})
	}
}

func TestGenerateKeyRejectsWeakKeys(t *testing.T) {
	if _, err := GenerateKey(1024); !errors.Is(err, ErrWeakKey) {
		t.Errorf("GenerateKey(1024) error = %v, want ErrWeakKey", err)
	}
}

func TestJWKRejectsWeakAndForeignKeys(t *testing.T) {
	keyA, _ := testKeys(t)
	good := NewJWKS([]Key{keyA}).Keys[0]

	ec := good
	ec.KeyType = "EC"
	encryption := good
	encryption.Use = "enc"
	short := good
	short.Modulus = base64.RawURLEncoding.EncodeToString(make([]byte, 128))

	for name, jwk := range map[string]JWK{"EC": ec, "enc use": encryption, "short modulus": short} {
		t.Run(name, func(t *testing.T) {
			if _, err := jwk.PublicKey(); err == nil {
				t.Error("PublicKey succeeded, want an error")
			}
		})
	}
	if _, err := good.PublicKey(); err != nil {
		t.Errorf("PublicKey of a good key: %v", err)
	}
}

func issueWith(t *testing.T, issuer Issuer, key Key) string {
	t.Helper()
	signed, _, err := issuer.Issue(key, testSubject)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	return signed
}

func validClaims() Claims {
	return Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://api.example.test",
			Subject:   "dev",
			Audience:  jwt.ClaimStrings{"weather-portal"},
			IssuedAt:  jwt.NewNumericDate(testNow),
			NotBefore: jwt.NewNumericDate(testNow),
			ExpiresAt: jwt.NewNumericDate(testNow.Add(15 * time.Minute)),
		},
		Name:  "Dev User",
		Scope: "weather:read",
	}
}

func decodeSegment(t *testing.T, token string, index int) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts, want 3", len(parts))
	}
	data, err := base64.RawURLEncoding.DecodeString(parts[index])
	if err != nil {
		t.Fatalf("decode segment %d: %v", index, err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("unmarshal segment %d: %v", index, err)
	}
	return out
}
