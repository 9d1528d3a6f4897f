# newsetl developer tasks. `make` alone prints this list.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Use /usr/local/go/bin/go when go is not on PATH.
ifeq ($(shell command -v go 2>/dev/null),)
ifneq ($(wildcard /usr/local/go/bin/go),)
export PATH := /usr/local/go/bin:$(PATH)
endif
endif

# Ports of the local demo ClickHouse (scripts/clickhouse.sh reads the same variables).
CLICKHOUSE_TCP_PORT ?= 19000
CLICKHOUSE_HTTP_PORT ?= 18123
export CLICKHOUSE_TCP_PORT CLICKHOUSE_HTTP_PORT

.PHONY: help build demo test test-cluster cluster-start cluster-stop fuzz bench soak clickhouse-start clickhouse-stop clickhouse-status fmt vet clean

help: ## show this list
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build bin/newsetl
	go build -o bin/newsetl ./cmd/newsetl

demo: build ## start the local ClickHouse (127.0.0.1:$CLICKHOUSE_TCP_PORT, default 19000) and run the demo
	scripts/clickhouse.sh install
	scripts/clickhouse.sh start
	NEWSETL_CLICKHOUSE_ADDR=127.0.0.1:$(CLICKHOUSE_TCP_PORT) bin/newsetl demo --config examples/demo.yaml

test: ## vet, test against a throwaway ClickHouse, fuzz each target for $FUZZTIME (default 10s)
	scripts/test.sh

test-cluster: ## start a throwaway test cluster (ZooKeeper + 2 shards × 2 replicas, ports 29300-29399), run the cluster tests, stop it
	scripts/cluster.sh install
	scripts/cluster.sh test

cluster-start: ## start the test cluster in .local/cluster (scripts/cluster.sh; `scripts/cluster.sh env` prints its addresses)
	scripts/cluster.sh install
	scripts/cluster.sh start

cluster-stop: ## stop the test cluster (keeps data; CLUSTER_WIPE=1 deletes it)
	scripts/cluster.sh stop

fuzz: ## run every fuzz target for $FUZZTIME each (default 10m; FUZZ_LOG=file records the results)
	FUZZTIME=$(or $(FUZZTIME),10m) scripts/fuzz.sh

bench: ## throughput figures next to their references (table + .local/bench.json; BENCH_QUICK=1: ~2 min)
	go build -o bin/bench ./scripts/bench
	bin/bench

bench-go: ## run the Go benchmarks (go test -bench)
	go test -run='^$$' -bench=. -benchmem ./...

soak: build ## the daemon for SOAK_MINUTES (default 10) over a changing site with 503 windows and a ClickHouse restart, then checks; not in CI
	go run ./scripts/soak

clickhouse-start: ## install if needed and start the local ClickHouse (data in .local/clickhouse)
	scripts/clickhouse.sh install
	scripts/clickhouse.sh start

clickhouse-stop: ## stop the local ClickHouse (keeps data; CLICKHOUSE_WIPE=1 deletes it)
	scripts/clickhouse.sh stop

clickhouse-status: ## is the local ClickHouse running?
	scripts/clickhouse.sh status

fmt: ## gofmt -l -w the tracked Go files
	@git ls-files -z -- '*.go' | xargs -0 -r gofmt -l -w

vet: ## go vet ./...
	go vet ./...

clean: ## remove bin/ (leaves ClickHouse alone)
	rm -rf bin
