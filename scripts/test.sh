#!/usr/bin/env bash
# What `make test` (and CI) runs:
#   go mod download; Chromium with apt when absent (the browser test of newsetl serve); a throwaway
#   ClickHouse on two free ports; go vet; a short run of every fuzz target; the cluster tests
#   (scripts/cluster.sh test); go test (last, so that its summary closes the output).
#
# Environment:
#   GOTEST_FLAGS   extra arguments for `go test ./...` (word-split), e.g. GOTEST_FLAGS='-race -v'
#   FUZZTIME       -fuzztime for each fuzz target (default 10s; FUZZTIME=0 skips fuzzing)
#   FUZZMINIMIZETIME  -fuzzminimizetime (default 50x, not Go's 60s: the time goes to new inputs)
#   CI_CLUSTER=0   leave out the cluster tests (scripts/cluster.sh test: ZooKeeper and 4 ClickHouse servers)
#   NEWSETL_CHROMIUM  the browser the serve test drives (default: chromium on PATH)
#   NEWSETL_TEST_ARTIFACTS  where tests keep artifacts such as that test's screenshot
#                  (default $TMPDIR/newsetl-test-artifacts)
#
# The tests find the server through NEWSETL_TEST_CLICKHOUSE_ADDR (native protocol, host:port)
# and NEWSETL_TEST_CLICKHOUSE_HTTP (HTTP interface, host:port).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

say() { printf 'test.sh: %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH=/usr/local/go/bin:$PATH
fi
command -v go >/dev/null 2>&1 || {
	say "go not found on PATH (nor /usr/local/go/bin/go)"
	exit 1
}

say "go mod download"
go mod download

"$ROOT/scripts/clickhouse.sh" install >&2

# Chromium for the browser test of `newsetl serve` (cmd/newsetl/serve_browser_test.go), and a small
# CJK font so its screenshot shows the Chinese facts: installed with apt when absent; where that
# cannot be done the test skips (no browser) and says why.
install_chromium() {
	local b browser="" pkgs=()
	for b in "${NEWSETL_CHROMIUM:-}" chromium chromium-browser google-chrome; do
		if [[ -n $b ]] && command -v "$b" >/dev/null 2>&1; then
			browser=$(command -v "$b")
			break
		fi
	done
	[[ -n $browser ]] || pkgs+=(chromium)
	if ! command -v fc-list >/dev/null 2>&1 || [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
		pkgs+=(fonts-wqy-microhei)
	fi
	if ((${#pkgs[@]} == 0)); then
		say "browser for the serve test: $browser"
		return 0
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		say "${pkgs[*]} not found and apt-get is not available${browser:+ (browser: $browser)}; without a browser the browser test skips"
		return 0
	fi
	local -a sudo=()
	if [[ $(id -u) != 0 ]]; then
		if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
			say "${pkgs[*]} not found and apt-get needs root; without a browser the browser test skips"
			return 0
		fi
		sudo=(sudo -n)
	fi
	say "installing ${pkgs[*]} with apt-get (for the browser test)"
	if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >&2; then
		say "installed ${pkgs[*]}"
	else
		say "apt-get could not install ${pkgs[*]}; without a browser the browser test skips"
	fi
}
install_chromium

# --- throwaway ClickHouse ---------------------------------------------------------------------

CH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/newsetl-test-clickhouse.XXXXXX")
export CLICKHOUSE_DIR=$CH_DIR

cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [[ -n ${CH_DIR:-} && -d $CH_DIR ]]; then
		# Quiet unless it fails, so go test's closing lines stay the last lines of stdout.
		local out
		if ! out=$("$ROOT/scripts/clickhouse.sh" stop 2>&1); then
			printf '%s\n' "$out" >&2
		fi
		rm -rf -- "$CH_DIR"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

listening() { # port: true if something accepts connections on 127.0.0.1:port
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
	if command -v ss >/dev/null 2>&1; then
		ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
	fi
	return 1
}

# Random port below the Linux ephemeral range (32768+), so outgoing connections don't collide.
free_port() {
	local port i
	for ((i = 0; i < 100; i++)); do
		port=$((20000 + RANDOM % 12000))
		if [[ $port != "${1:-}" ]] && ! listening "$port"; then
			echo "$port"
			return 0
		fi
	done
	say "no free TCP port found in 20000-31999"
	return 1
}

started=0
for attempt in 1 2 3; do
	CLICKHOUSE_TCP_PORT=$(free_port)
	CLICKHOUSE_HTTP_PORT=$(free_port "$CLICKHOUSE_TCP_PORT")
	export CLICKHOUSE_TCP_PORT CLICKHOUSE_HTTP_PORT
	rc=0
	"$ROOT/scripts/clickhouse.sh" start >&2 || rc=$?
	if ((rc == 0)); then
		started=1
		break
	fi
	# 4: one of the ports was taken between the check and the start; try others.
	if ((rc != 4)); then
		break
	fi
	say "port clash on attempt $attempt; retrying with other ports"
done
if ((started == 0)); then
	say "could not start ClickHouse"
	exit 1
fi

export NEWSETL_TEST_CLICKHOUSE_ADDR=127.0.0.1:$CLICKHOUSE_TCP_PORT
export NEWSETL_TEST_CLICKHOUSE_HTTP=127.0.0.1:$CLICKHOUSE_HTTP_PORT
say "NEWSETL_TEST_CLICKHOUSE_ADDR=$NEWSETL_TEST_CLICKHOUSE_ADDR NEWSETL_TEST_CLICKHOUSE_HTTP=$NEWSETL_TEST_CLICKHOUSE_HTTP"

# --- vet, test, fuzz --------------------------------------------------------------------------

failed=()

say "go vet ./..."
go vet ./... || failed+=("go vet ./...")


fuzztime=${FUZZTIME:-10s}
if [[ $fuzztime != 0 && $fuzztime != 0s ]]; then
	# Each target for $FUZZTIME, minimising new inputs for at most $FUZZMINIMIZETIME (default 50x)
	# so that the time goes to new inputs (scripts/fuzz.sh).
	FUZZTIME=$fuzztime "$ROOT/scripts/fuzz.sh" || failed+=("fuzzing (scripts/fuzz.sh)")
fi

# The cluster tests (ZooKeeper + 2 shards x 2 replicas on ports 29300-29399, CLUSTER_PORT_BASE
# moves them; about 1 min 45 s): README "Running on a cluster". CI_CLUSTER=0 leaves them out.
if [[ ${CI_CLUSTER:-1} != 0 ]]; then
	say "cluster tests: scripts/cluster.sh test"
	{ "$ROOT/scripts/cluster.sh" install >&2 && "$ROOT/scripts/cluster.sh" test; } || failed+=("cluster tests (scripts/cluster.sh test)")
fi

# The test run comes last so that its summary closes the output.
read -r -a gotest_flags <<<"${GOTEST_FLAGS:-}"
say "go test -count=1 ${gotest_flags[*]}${gotest_flags[*]:+ }./..."
go test -count=1 "${gotest_flags[@]}" ./... || failed+=("go test ./...")

if ((${#failed[@]})); then
	say "FAILED: $(printf '%s; ' "${failed[@]}" | sed 's/; $//')"
	exit 1
fi
say "all passed"
