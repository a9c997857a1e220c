package param

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/weather-portal/weather-portal/pkg/clocktest"
)

// fakeAPI is an in-memory API that counts calls.
type fakeAPI struct {
	mu       sync.Mutex
	params   map[string]string
	lastName string

	getCalls  atomic.Int64
	pathCalls atomic.Int64

	// err, when set, is returned by every call.
	err error

	// release, when set, makes every call wait until it is closed or the
	// call's context ends.
	release chan struct{}

	// pageSize is the number of parameters per GetParametersByPath page.
	pageSize int

	// endlessPages makes GetParametersByPath always return a NextToken.
	endlessPages bool
}

func newFakeAPI(params map[string]string) *fakeAPI {
	return &fakeAPI{params: params, pageSize: 10}
}

func (f *fakeAPI) set(name, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.params[name] = value
}

func (f *fakeAPI) wait(ctx context.Context) error {
	if f.release == nil {
		return nil
	}
	select {
	case <-f.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fakeAPI) GetParameter(ctx context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.getCalls.Add(1)
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	if f.err != nil {
		return nil, f.err
	}

	f.mu.Lock()
	defer f.mu.Unlock()

	name := aws.ToString(in.Name)
	f.lastName = name
	value, ok := f.params[name]
	if !ok {
		return nil, &types.ParameterNotFound{}
	}
	return &ssm.GetParameterOutput{Parameter: &types.Parameter{Name: in.Name, Value: aws.String(value)}}, nil
}

func (f *fakeAPI) GetParametersByPath(ctx context.Context, in *ssm.GetParametersByPathInput, _ ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error) {
	f.pathCalls.Add(1)
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	if f.err != nil {
		return nil, f.err
	}
	if f.endlessPages {
		return &ssm.GetParametersByPathOutput{NextToken: aws.String("again")}, nil
	}

	f.mu.Lock()
	defer f.mu.Unlock()

	prefix := strings.TrimSuffix(aws.ToString(in.Path), "/") + "/"
	var names []string
	for name := range f.params {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)

	start, _ := strconv.Atoi(aws.ToString(in.NextToken))
	end := min(start+f.pageSize, len(names))
	out := &ssm.GetParametersByPathOutput{}
	for _, name := range names[start:end] {
		out.Parameters = append(out.Parameters, types.Parameter{Name: aws.String(name), Value: aws.String(f.params[name])})
	}
	if end < len(names) {
		out.NextToken = aws.String(strconv.Itoa(end))
	}
	return out, nil
}

// fakeClock is a clock that moves only when advanced.
type fakeClock = clocktest.Clock

func newFakeClock() *fakeClock {
	return clocktest.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}
