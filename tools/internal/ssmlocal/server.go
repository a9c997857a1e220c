// Package ssmlocal is a local stand-in for AWS Systems Manager Parameter
// Store. Server is an http.Handler that speaks the awsJson1_1 wire protocol,
// so the real github.com/aws/aws-sdk-go-v2/service/ssm client works against
// it when its endpoint is set, for example with
// AWS_ENDPOINT_URL_SSM=http://127.0.0.1:PORT.
//
// It implements GetParameter, GetParameters, GetParametersByPath,
// PutParameter, DeleteParameter, DeleteParameters and DescribeParameters.
// Parameters are kept in memory and, when Options.Path is set, in a JSON file
// that is rewritten after every change.
//
// ssmlocal has no KMS: it stores SecureString values in plain text, also in
// the file. It requires an Authorization header but does not verify the SigV4
// signature, so it must only listen on loopback.
package ssmlocal

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

const (
	contentType  = "application/x-amz-json-1.1"
	targetPrefix = "AmazonSSM."

	// DefaultMaxBodyBytes is the request body limit when Options.MaxBodyBytes
	// is zero. It is a local choice, far above the largest valid request
	// (ten names or one 8 KB value).
	DefaultMaxBodyBytes = 1 << 20
)

// Parameter types, as sent in the Type member.
const (
	TypeString       = "String"
	TypeStringList   = "StringList"
	TypeSecureString = "SecureString"
)

var validTypes = map[string]struct{}{TypeString: {}, TypeStringList: {}, TypeSecureString: {}}

// Options configures a Server. The zero value is a memory-only server for
// region us-east-1 and account 000000000000.
type Options struct {
	// Path is the JSON file that stores the parameters. It is read by New
	// (a missing file means an empty store) and rewritten after each change.
	// Empty means memory only.
	Path string

	// Region and AccountID appear in parameter ARNs.
	Region    string
	AccountID string

	// Clock returns the time stored as LastModifiedDate. Default time.Now.
	Clock func() time.Time

	// MaxBodyBytes is the largest request body accepted; larger bodies get
	// 413. Default DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// Server is the local Parameter Store. It is safe for concurrent use.
type Server struct {
	path         string
	region       string
	accountID    string
	clock        func() time.Time
	maxBodyBytes int64

	mu     sync.RWMutex
	params map[string]*record
}

// New returns a Server and loads opts.Path when set, creating its directory
// with mode 0700 if needed. It fails when the file cannot be read or contains
// an invalid parameter.
func New(opts Options) (*Server, error) {
	s := &Server{
		path:         opts.Path,
		region:       opts.Region,
		accountID:    opts.AccountID,
		clock:        opts.Clock,
		maxBodyBytes: opts.MaxBodyBytes,
		params:       make(map[string]*record),
	}
	if s.region == "" {
		s.region = "us-east-1"
	}
	if s.accountID == "" {
		s.accountID = "000000000000"
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.maxBodyBytes <= 0 {
		s.maxBodyBytes = DefaultMaxBodyBytes
	}

	if s.path == "" {
		return s, nil
	}

	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return nil, fmt.Errorf("ssmlocal: create directory for %s: %w", s.path, err)
	}

	if err := s.load(s.path); err != nil {
		return nil, err
	}

	return s, nil
}

// ServeHTTP handles one awsJson1_1 request: POST / with the operation in
// the X-Amz-Target header. Every failure is a JSON error body with a 4xx
// status, except a failed file write or response encoding, which is a 500
// InternalServerError.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Amzn-RequestId", newRequestID())

	body, apiErr := s.readRequest(w, r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}

	operation := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	response, apiErr := s.dispatch(operation, body)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}

	data, err := json.Marshal(response)
	if err != nil {
		writeError(w, newAPIError(http.StatusInternalServerError, "InternalServerError", "encoding the response failed"))
		return
	}

	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(data)
}

// readRequest checks the method, Authorization header, target and content
// type, and returns the body, at most s.maxBodyBytes long.
func (s *Server) readRequest(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return nil, newAPIError(http.StatusMethodNotAllowed, "UnknownOperationException", "method %s is not allowed; use POST", r.Method)
	}

	// The SDK returns this as a smithy.APIError with code
	// MissingAuthenticationTokenException. The signature itself is not
	// checked. NOTE: whether real SSM sends status 400 or 403 here is
	// unverified.
	if r.Header.Get("Authorization") == "" {
		return nil, newAPIError(http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token: sign the request with AWS credentials")
	}

	target := r.Header.Get("X-Amz-Target")
	if !strings.HasPrefix(target, targetPrefix) {
		return nil, newAPIError(http.StatusBadRequest, "UnknownOperationException", "X-Amz-Target %q is not an AmazonSSM operation", target)
	}

	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != contentType {
		return nil, newAPIError(http.StatusBadRequest, "SerializationException", "Content-Type %q is invalid; use %s", r.Header.Get("Content-Type"), contentType)
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, newAPIError(http.StatusRequestEntityTooLarge, "RequestEntityTooLargeException", "request body is larger than %d bytes", s.maxBodyBytes)
	}
	if err != nil {
		return nil, newAPIError(http.StatusBadRequest, "SerializationException", "reading the request body failed: %v", err)
	}

	return body, nil
}

// dispatch decodes body for operation and runs it.
func (s *Server) dispatch(operation string, body []byte) (any, *apiError) {
	switch operation {
	case "GetParameter":
		return handle(body, s.getParameter)
	case "GetParameters":
		return handle(body, s.getParameters)
	case "GetParametersByPath":
		return handle(body, s.getParametersByPath)
	case "PutParameter":
		return handle(body, s.putParameter)
	case "DeleteParameter":
		return handle(body, s.deleteParameter)
	case "DeleteParameters":
		return handle(body, s.deleteParameters)
	case "DescribeParameters":
		return handle(body, s.describeParameters)
	default:
		return nil, newAPIError(http.StatusBadRequest, "UnknownOperationException", "operation %q is not supported by ssmlocal", operation)
	}
}

// handle decodes body into the request type of run and calls it.
func handle[Request, Response any](body []byte, run func(*Request) (Response, *apiError)) (any, *apiError) {
	var request Request
	if err := json.Unmarshal(body, &request); err != nil {
		return nil, newAPIError(http.StatusBadRequest, "SerializationException", "request body is not a valid JSON request: %v", err)
	}

	return run(&request)
}

// arn returns the ARN of the parameter called name.
func (s *Server) arn(name string) string {
	return fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/%s", s.region, s.accountID, strings.TrimPrefix(name, "/"))
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// encryptedPlaceholder returns the Value sent for a SecureString read without
// WithDecryption. SSM returns the KMS ciphertext there. ssmlocal has no KMS,
// so it returns base64 text that names the parameter and version and never
// contains the value.
func encryptedPlaceholder(rec *record) string {
	text := fmt.Sprintf("ssmlocal-encrypted:%s:%d", rec.Name, rec.Version)
	return base64.StdEncoding.EncodeToString([]byte(text))
}
