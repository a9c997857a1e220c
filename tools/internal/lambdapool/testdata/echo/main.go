// Command echo is a Lambda function for the lambdapool tests. By default it
// returns the event unchanged. The "action" field of an event selects
// another behaviour:
//
//   - "env" returns the named variables and "pid" the process id;
//   - "sleep" sleeps for sleep_ms;
//   - "fail" returns an error, "panic" panics and "exit" exits with status 3;
//   - "log" prints message to stdout;
//   - "client-context" returns the invocation's client context.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type request struct {
	Action  string   `json:"action"`
	Names   []string `json:"names"`
	SleepMS int      `json:"sleep_ms"`
	Message string   `json:"message"`
}

func handle(ctx context.Context, event json.RawMessage) (any, error) {
	var req request
	_ = json.Unmarshal(event, &req)

	switch req.Action {
	case "env":
		values := make(map[string]*string, len(req.Names))
		for _, name := range req.Names {
			if value, ok := os.LookupEnv(name); ok {
				values[name] = &value
			} else {
				values[name] = nil
			}
		}
		return values, nil
	case "pid":
		return map[string]int{"pid": os.Getpid()}, nil
	case "sleep":
		time.Sleep(time.Duration(req.SleepMS) * time.Millisecond)
		return event, nil
	case "fail":
		return nil, errors.New("failed on request")
	case "panic":
		panic("panicked on request")
	case "exit":
		os.Exit(3)
	case "client-context":
		lc, _ := lambdacontext.FromContext(ctx)
		return lc.ClientContext, nil
	case "log":
		fmt.Println(req.Message)
		return event, nil
	}
	return event, nil
}

func main() {
	lambda.Start(handle)
}
