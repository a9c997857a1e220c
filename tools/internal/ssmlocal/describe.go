package ssmlocal

// describeParameters returns one page of parameter metadata, without values,
// in name order. It supports ParameterFilters with the keys Name, Path and
// Type, and rejects the older Filters member.
func (s *Server) describeParameters(req *describeParametersRequest) (describeParametersResponse, *apiError) {
	if len(req.Filters) > 0 {
		return describeParametersResponse{}, validationError("Filters is not supported by ssmlocal; use ParameterFilters")
	}

	limit, apiErr := pageLimit(req.MaxResults, maxDescribeResults)
	if apiErr != nil {
		return describeParametersResponse{}, apiErr
	}

	after, apiErr := decodeToken(req.NextToken)
	if apiErr != nil {
		return describeParametersResponse{}, apiErr
	}

	filters, apiErr := compileFilters(req.ParameterFilters, "Name", "Path", "Type")
	if apiErr != nil {
		return describeParametersResponse{}, apiErr
	}

	s.mu.RLock()
	defer s.mu.RUnlock()

	matches := s.sortedMatches(after, func(rec *record) bool {
		return matchFilters(rec, filters)
	})

	response := describeParametersResponse{Parameters: []parameterMetadata{}}
	page, next := paginate(matches, limit)
	for _, rec := range page {
		response.Parameters = append(response.Parameters, s.toMetadata(rec))
	}
	response.NextToken = next

	return response, nil
}

func (s *Server) toMetadata(rec *record) parameterMetadata {
	return parameterMetadata{
		Name:             rec.Name,
		ARN:              s.arn(rec.Name),
		Type:             rec.Type,
		KeyId:            rec.KeyID,
		LastModifiedDate: epochSeconds(rec.LastModified),
		LastModifiedUser: "arn:aws:iam::" + s.accountID + ":user/ssmlocal",
		Description:      rec.Description,
		AllowedPattern:   rec.AllowedPattern,
		Version:          rec.Version,
		Tier:             rec.Tier,
		DataType:         rec.DataType,
		Policies:         []struct{}{},
	}
}
