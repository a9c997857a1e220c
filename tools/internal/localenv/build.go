package localenv

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/weather-portal/weather-portal/tools/internal/slsconfig"
)

// rieModule is the package path of the Lambda Runtime Interface Emulator,
// a `go tool` dependency in go.mod.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"

// Builds are the compiled binaries that run under the emulator.
type Builds struct {
	RIE        string
	Bootstraps map[string]string // function name → bootstrap path
}

// BuildAll compiles every function for this machine, as Lambda's
// provided.al2023 runtime runs it (a static binary named bootstrap, built
// with -tags lambda.norpc), and the emulator. Go's build cache makes
// rebuilds of unchanged code quick.
func BuildAll(ctx context.Context, dir, out string, functions []slsconfig.Function, logger *slog.Logger) (Builds, error) {
	start := time.Now()
	result := Builds{
		RIE:        filepath.Join(out, "aws-lambda-rie"),
		Bootstraps: map[string]string{},
	}

	if err := goBuild(ctx, dir, result.RIE, rieModule, false); err != nil {
		return Builds{}, err
	}
	for _, fn := range functions {
		source := "./functions/" + fn.Name
		bootstrap := filepath.Join(out, fn.Name, "bootstrap")
		if err := goBuild(ctx, dir, bootstrap, source, true); err != nil {
			return Builds{}, err
		}
		result.Bootstraps[fn.Name] = bootstrap
	}

	logger.Info("built functions", "count", len(functions), "dir", out, "duration", time.Since(start).Round(time.Millisecond).String())
	return result, nil
}

func goBuild(ctx context.Context, dir, output, pkg string, function bool) error {
	args := []string{"build", "-o", output}
	if function {
		args = append(args, "-tags", "lambda.norpc", "-trimpath")
	}
	args = append(args, pkg)

	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}
