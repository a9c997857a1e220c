# weather-portal developer commands. `make dev` runs the app on this machine;
# `make test` runs every test. Both install what they need first.

FUNCTIONS := pages login welcome weather

export SLS_TELEMETRY_DISABLED := 1
export SLS_NOTIFICATIONS_MODE := off

.PHONY: dev test test-go test-node bench lambda package invoke deps assets chromium vet clean

## dev: build everything and run the local stack on http://127.0.0.1:3000
dev: deps assets
	@mkdir -p .build
	go build -o .build/devstack ./tools/devstack
	.build/devstack

## test: run every test (Go, serverless package, end to end, headless Chromium)
test: deps assets chromium vet test-go test-node

test-go:
	go test -count=1 ./...

test-node:
	node --test --test-concurrency=1 test/

vet:
	go vet ./...
	go tool staticcheck ./...
	@unformatted="$$(gofmt -l functions pkg static tools)"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi

## bench: run the benchmarks six times each (benchstat needs six for a confidence interval)
bench: deps assets
	@mkdir -p .build
	go test -run='^$$' -bench=. -benchmem -count=6 ./... | tee .build/bench.txt

## lambda: build the deployment zips (linux/arm64) into .build/lambda
lambda: assets
	go run ./tools/lambdabuild -arch arm64 $(FUNCTIONS)

## package: build the zips and the CloudFormation template, offline
package: deps
	npx osls package

## invoke: run one function locally, e.g. make invoke FN=weather EVENT=events/weather.json
invoke: deps
	@test -n "$(FN)" || { echo "usage: make invoke FN=<function> [EVENT=events/<file>.json]"; exit 2; }
	npx osls invoke local -f $(FN) $(if $(EVENT),-p $(EVENT))

## deps: install the npm packages (the Serverless CLI, Bootstrap, playwright-core)
deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## assets: copy Bootstrap from node_modules into the embedded UI
assets: deps
	go run ./tools/vendorassets

## chromium: install Debian's chromium for the browser tests when missing
chromium:
	@sh tools/scripts/ensure-chromium.sh

clean:
	rm -rf .build .serverless test-results
