package ssmlocal

import (
	"encoding/base64"
	"net/http"
	"slices"
)

// Result page limits of the SSM API.
const (
	maxNamesPerRequest = 10
	maxByPathResults   = 10
	maxDescribeResults = 50
	defaultPageResults = 10
)

func (s *Server) getParameter(req *getParameterRequest) (getParameterResponse, *apiError) {
	if req.Name == nil {
		return getParameterResponse{}, validationError("Name is missing")
	}

	name, apiErr := s.validateName(*req.Name)
	if apiErr != nil {
		return getParameterResponse{}, apiErr
	}

	s.mu.RLock()
	defer s.mu.RUnlock()

	rec, ok := s.params[name]
	if !ok {
		return getParameterResponse{}, notFoundError(name)
	}

	return getParameterResponse{Parameter: s.toParameter(rec, isTrue(req.WithDecryption))}, nil
}

// getParameters returns the parameters that exist, in request order, and
// lists the names that are missing or invalid in InvalidParameters.
func (s *Server) getParameters(req *getParametersRequest) (getParametersResponse, *apiError) {
	if len(req.Names) == 0 || len(req.Names) > maxNamesPerRequest {
		return getParametersResponse{}, validationError("Names has %d entries; it must have 1 to %d", len(req.Names), maxNamesPerRequest)
	}

	s.mu.RLock()
	defer s.mu.RUnlock()

	response := getParametersResponse{Parameters: []parameter{}, InvalidParameters: []string{}}
	for _, raw := range req.Names {
		name, apiErr := s.validateName(raw)
		rec, ok := s.params[name]
		if apiErr != nil || !ok {
			response.InvalidParameters = append(response.InvalidParameters, raw)
			continue
		}
		response.Parameters = append(response.Parameters, s.toParameter(rec, isTrue(req.WithDecryption)))
	}

	return response, nil
}

// getParametersByPath returns one page of the parameters under Path in name
// order. NextToken is the last name of the previous page, so a page stays
// correct when parameters are added or deleted between calls.
func (s *Server) getParametersByPath(req *getParametersByPathRequest) (getParametersByPathResponse, *apiError) {
	if req.Path == nil {
		return getParametersByPathResponse{}, validationError("Path is missing")
	}

	path, apiErr := validatePath(*req.Path)
	if apiErr != nil {
		return getParametersByPathResponse{}, apiErr
	}

	limit, apiErr := pageLimit(req.MaxResults, maxByPathResults)
	if apiErr != nil {
		return getParametersByPathResponse{}, apiErr
	}

	after, apiErr := decodeToken(req.NextToken)
	if apiErr != nil {
		return getParametersByPathResponse{}, apiErr
	}

	filters, apiErr := compileFilters(req.ParameterFilters, "Type")
	if apiErr != nil {
		return getParametersByPathResponse{}, apiErr
	}

	s.mu.RLock()
	defer s.mu.RUnlock()

	matches := s.sortedMatches(after, func(rec *record) bool {
		return underPath(rec.Name, path, isTrue(req.Recursive)) && matchFilters(rec, filters)
	})

	response := getParametersByPathResponse{Parameters: []parameter{}}
	page, next := paginate(matches, limit)
	for _, rec := range page {
		response.Parameters = append(response.Parameters, s.toParameter(rec, isTrue(req.WithDecryption)))
	}
	response.NextToken = next

	return response, nil
}

// sortedMatches returns the records after the name after, in name order,
// for which match is true. The caller holds s.mu.
func (s *Server) sortedMatches(after string, match func(*record) bool) []*record {
	var matches []*record
	for _, rec := range s.params {
		if rec.Name > after && match(rec) {
			matches = append(matches, rec)
		}
	}

	slices.SortFunc(matches, func(a, b *record) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return matches
}

// paginate returns the first limit records and, when more remain, the token
// for the next page.
func paginate(matches []*record, limit int) ([]*record, string) {
	if len(matches) <= limit {
		return matches, ""
	}

	page := matches[:limit]
	return page, base64.RawURLEncoding.EncodeToString([]byte(page[len(page)-1].Name))
}

// decodeToken returns the name that a NextToken points after, or "" for
// the first page.
func decodeToken(token *string) (string, *apiError) {
	if token == nil || *token == "" {
		return "", nil
	}

	name, err := base64.RawURLEncoding.DecodeString(*token)
	if err != nil || len(name) == 0 {
		return "", newAPIError(http.StatusBadRequest, "InvalidNextToken", "NextToken %q is invalid", *token)
	}
	return string(name), nil
}

// pageLimit returns MaxResults, or the default page size when it is unset.
func pageLimit(maxResults *int32, limit int) (int, *apiError) {
	if maxResults == nil {
		return defaultPageResults, nil
	}

	if *maxResults < 1 || int(*maxResults) > limit {
		return 0, validationError("MaxResults %d is out of range; it must be 1 to %d", *maxResults, limit)
	}
	return int(*maxResults), nil
}

// toParameter converts rec to the Parameter shape. A SecureString read
// without decryption gets encryptedPlaceholder in place of its value.
func (s *Server) toParameter(rec *record, withDecryption bool) parameter {
	value := rec.Value
	if rec.Type == TypeSecureString && !withDecryption {
		value = encryptedPlaceholder(rec)
	}

	return parameter{
		Name:             rec.Name,
		Type:             rec.Type,
		Value:            value,
		Version:          rec.Version,
		LastModifiedDate: epochSeconds(rec.LastModified),
		ARN:              s.arn(rec.Name),
		DataType:         rec.DataType,
	}
}

func isTrue(b *bool) bool {
	return b != nil && *b
}
