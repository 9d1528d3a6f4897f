#!/usr/bin/env bash
# A test ClickHouse cluster on one machine: one ZooKeeper and 2 shards × 2 replicas of
# clickhouse-server, all on loopback ports, all under one project-local directory.
#
#   scripts/cluster.sh install   install zookeeper and clickhouse-server with apt if missing
#   scripts/cluster.sh start     start ZooKeeper and the four servers; wait until each answers
#   scripts/cluster.sh stop      stop them (SIGTERM, SIGKILL after 15 s); keeps data unless CLUSTER_WIPE=1
#   scripts/cluster.sh status    exit 0 if all five processes run, 3 if not
#   scripts/cluster.sh env       print the environment the cluster tests read (eval "$(... env)")
#   scripts/cluster.sh test      start a throwaway cluster under /tmp, run the cluster tests, stop it
#   scripts/cluster.sh kill N    SIGKILL node N (1-4) — for tests of a replica dying
#   scripts/cluster.sh restart N start node N again after a kill
#
# Environment:
#   CLUSTER_DIR        everything lives here (default: <repo>/.local/cluster)
#   CLUSTER_PORT_BASE  first port (default 29300). Node N (1-4) uses tcp BASE+N, http BASE+10+N,
#                      interserver BASE+20+N; ZooKeeper's client port is BASE+81.
#   CLUSTER_NAME       the cluster's name in remote_servers (default newsetl)
#   CLUSTER_WIPE=1     make `stop` delete $CLUSTER_DIR
#
# Nodes: 1 = shard 01 replica r1, 2 = shard 01 replica r2, 3 = shard 02 replica r1,
# 4 = shard 02 replica r2. Every node's config holds the same remote_servers (with
# internal_replication: a Distributed table writes one replica, replication copies it),
# zookeeper, distributed_ddl (ON CLUSTER) and its own macros {shard} and {replica}.
#
# Exit codes: 0 ok, 1 failure, 2 usage, 3 not running (status), 4 a port is already in use.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=lib/probe.sh
source "$ROOT/scripts/lib/probe.sh"

DIR=${CLUSTER_DIR:-$ROOT/.local/cluster}
[[ $DIR == /* ]] || DIR=$PWD/$DIR
DIR=${DIR%/}
BASE=${CLUSTER_PORT_BASE:-29300}
NAME=${CLUSTER_NAME:-newsetl}
ZK_PORT=$((BASE + 81))
START_TIMEOUT=60
STOP_TIMEOUT=15
MARKER=$DIR/.newsetl-cluster
NODES=(1 2 3 4)

log() { printf 'cluster.sh: %s\n' "$*"; }
err() { printf 'cluster.sh: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }
usage() {
	err "usage: $0 install|start|stop|status|env|test|kill N|restart N"
	exit 2
}

[[ $BASE =~ ^[0-9]+$ ]] && ((BASE > 0 && BASE + 81 < 65536)) || die "CLUSTER_PORT_BASE must be a port number, got '$BASE'"
[[ $NAME =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "CLUSTER_NAME must be a plain identifier, got '$NAME'"

now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((10#$t / 1000))
}

find_bin() {
	local name=$1 p
	if p=$(command -v "$name" 2>/dev/null); then
		echo "$p"
		return 0
	fi
	for p in "/usr/sbin/$name" "/usr/bin/$name" "/usr/local/bin/$name"; do
		[[ -x $p ]] && { echo "$p"; return 0; }
	done
	return 1
}

tcp_port() { echo $((BASE + $1)); }
http_port() { echo $((BASE + 10 + $1)); }
inter_port() { echo $((BASE + 20 + $1)); }
shard_of() { printf '%02d' $((($1 + 1) / 2)); }
replica_of() { echo "r$((($1 + 1) % 2 + 1))"; }

alive() {
	local pid=$1 stat
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat%% *} != Z ]]
}

# pid_of NAME: the pid in $DIR/NAME.pid if that process still runs with our directory in its
# command line (a recycled pid is not ours).
pid_of() {
	local f=$DIR/$1.pid pid args
	[[ -f $f ]] || return 1
	pid=$(head -n1 "$f")
	alive "$pid" || return 1
	args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	[[ $args == *"$DIR/"* ]] || return 1
	echo "$pid"
}

zk_ok() { # ZooKeeper's four-letter "stat" (whitelisted in zoo.cfg): serving, not only up
	local resp
	resp=$(
		exec 2>/dev/null
		exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" || exit 1
		printf 'stat' >&3
		timeout 2 cat <&3
	) || return 1
	[[ $resp == *"Mode: standalone"* ]]
}

terminate() { # pid
	local pid=$1 deadline
	kill -TERM "$pid" 2>/dev/null || true
	deadline=$(($(now_ms) + STOP_TIMEOUT * 1000))
	while alive "$pid" && (($(now_ms) < deadline)); do sleep 0.1; done
	if alive "$pid"; then
		err "pid $pid did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
		while alive "$pid"; do sleep 0.1; done
	fi
}

launch() { # name logfile command...: start in its own session; writes $DIR/name.pid
	local name=$1 out=$2
	shift 2
	(
		cd "$DIR"
		exec 9>&- setsid nohup "$@" </dev/null >>"$out" 2>&1
	) &
	echo $! >"$DIR/$name.pid"
	disown $! 2>/dev/null || true # a node killed by a test is no job of this shell's to report
}

lock_dir() {
	mkdir -p "$DIR"
	exec 9>"$DIR/.lock"
	flock -w 120 9 || die "could not lock $DIR/.lock (another cluster.sh running?)"
}

# --- config ------------------------------------------------------------------------------------

write_zk_config() {
	mkdir -p "$DIR/zookeeper/data" "$DIR/zookeeper/log" "$DIR/zookeeper/conf"
	cat >"$DIR/zookeeper/conf/zoo.cfg" <<EOF
# Generated by scripts/cluster.sh; rewritten on every start.
tickTime=500
initLimit=10
syncLimit=5
dataDir=$DIR/zookeeper/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=200
# Sessions between 1 s and 10 s (2 and 20 ticks): the lock tests use a short one.
minSessionTimeout=1000
maxSessionTimeout=10000
admin.enableServer=false
4lw.commands.whitelist=ruok,stat,mntr
autopurge.purgeInterval=1
EOF
	cat >"$DIR/zookeeper/conf/log4j.properties" <<EOF
log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=$DIR/zookeeper/log/zookeeper.log
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
EOF
}

remote_servers() {
	local s r n
	printf '    <remote_servers>\n        <%s>\n' "$NAME"
	for s in 1 2; do
		printf '            <shard>\n                <internal_replication>true</internal_replication>\n'
		for r in 1 2; do
			n=$(((s - 1) * 2 + r))
			printf '                <replica><host>127.0.0.1</host><port>%s</port></replica>\n' "$(tcp_port "$n")"
		done
		printf '            </shard>\n'
	done
	printf '        </%s>\n    </remote_servers>\n' "$NAME"
}

write_node_config() { # node
	local n=$1 d=$DIR/node$1
	mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/log"
	cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Generated by scripts/cluster.sh; rewritten on every start. Node $n: shard $(shard_of "$n"), replica $(replica_of "$n"). -->
<yandex>
    <logger>
        <level>information</level>
        <log>$d/log/clickhouse-server.log</log>
        <errorlog>$d/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>2</count>
        <console>0</console>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$(tcp_port "$n")</tcp_port>
    <http_port>$(http_port "$n")</http_port>
    <interserver_http_port>$(inter_port "$n")</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>

    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$DIR/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>

    <max_connections>256</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <!-- Four servers share two cores and the memory: small caches, few background threads. -->
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <mark_cache_size>67108864</mark_cache_size>
    <mlock_executable>false</mlock_executable>
    <merge_tree>
        <max_suspicious_broken_parts>5</max_suspicious_broken_parts>
    </merge_tree>

$(remote_servers)
    <zookeeper>
        <node><host>127.0.0.1</host><port>$ZK_PORT</port></node>
        <session_timeout_ms>10000</session_timeout_ms>
    </zookeeper>
    <macros>
        <cluster>$NAME</cluster>
        <shard>$(shard_of "$n")</shard>
        <replica>$(replica_of "$n")</replica>
    </macros>
    <distributed_ddl>
        <path>/clickhouse/task_queue/ddl</path>
    </distributed_ddl>
</yandex>
EOF
}

write_users() {
	cat >"$DIR/users.xml" <<'EOF'
<?xml version="1.0"?>
<!-- Generated by scripts/cluster.sh; rewritten on every start. -->
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <!-- What newsetl expects of a cluster's profile (README "Running on a cluster"):
                 read the replica that took the write; IN/JOIN over Distributed tables GLOBAL. -->
            <load_balancing>in_order</load_balancing>
            <distributed_product_mode>global</distributed_product_mode>
            <background_pool_size>4</background_pool_size>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
}

# --- processes ---------------------------------------------------------------------------------

start_zk() {
	if pid_of zookeeper >/dev/null; then
		return 0
	fi
	port_in_use "$ZK_PORT" && { err "port 127.0.0.1:$ZK_PORT (ZooKeeper) is already in use"; exit 4; }
	[[ -r /usr/share/java/zookeeper.jar ]] || die "ZooKeeper not installed (/usr/share/java/zookeeper.jar); run: $0 install"
	local java
	java=$(find_bin java) || die "java not found; run: $0 install"
	write_zk_config
	: >"$DIR/zookeeper/log/stdout.log"
	launch zookeeper "$DIR/zookeeper/log/stdout.log" "$java" -Xmx256m -XX:+UseSerialGC \
		-Dzookeeper.log.dir="$DIR/zookeeper/log" -Dlog4j.configuration="file:$DIR/zookeeper/conf/log4j.properties" \
		-cp "$DIR/zookeeper/conf:/usr/share/java/zookeeper.jar" \
		org.apache.zookeeper.server.ZooKeeperServerMain "$DIR/zookeeper/conf/zoo.cfg"
}

start_node() { # node
	local n=$1 server
	if pid_of "node$n" >/dev/null; then
		return 0
	fi
	local p
	for p in "$(tcp_port "$n")" "$(http_port "$n")" "$(inter_port "$n")"; do
		port_in_use "$p" && { err "port 127.0.0.1:$p (node $n) is already in use"; exit 4; }
	done
	server=$(find_bin clickhouse-server) || die "clickhouse-server not found; run: $0 install"
	write_node_config "$n"
	: >"$DIR/node$n/log/clickhouse-server.err.log"
	launch "node$n" "$DIR/node$n/log/stdout.log" "$server" --config-file="$DIR/node$n/config.xml"
}

wait_all() { # what to wait for: "zk" and node numbers
	local deadline w pid
	deadline=$(($(now_ms) + START_TIMEOUT * 1000))
	for w in "$@"; do
		while :; do
			if [[ $w == zk ]]; then
				pid=$(pid_of zookeeper) || { tail -n 30 "$DIR/zookeeper/log/"*.log >&2; die "ZooKeeper exited during start-up"; }
				zk_ok && break
			else
				pid=$(pid_of "node$w") || { tail -n 30 "$DIR/node$w/log/"*.log >&2; die "node $w exited during start-up"; }
				http_ping "$(http_port "$w")" && break
			fi
			(($(now_ms) < deadline)) || die "$w did not answer within ${START_TIMEOUT}s"
			sleep 0.1
		done
	done
}

# --- commands ----------------------------------------------------------------------------------

cmd_install() {
	local -a missing=()
	[[ -r /usr/share/java/zookeeper.jar ]] || missing+=(zookeeper)
	find_bin clickhouse-server >/dev/null || missing+=(clickhouse-server)
	find_bin clickhouse-client >/dev/null || missing+=(clickhouse-client)
	((${#missing[@]})) || { log "zookeeper and clickhouse-server are installed"; return 0; }
	local -a sudo=()
	[[ $(id -u) == 0 ]] || sudo=(sudo)
	log "installing ${missing[*]} with apt-get"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

cmd_start() {
	lock_dir
	: >"$MARKER"
	write_users
	local t0 n
	t0=$(now_ms)
	start_zk
	wait_all zk
	for n in "${NODES[@]}"; do start_node "$n"; done
	wait_all "${NODES[@]}"
	local ms=$(($(now_ms) - t0))
	log "ready in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s: ZooKeeper 127.0.0.1:$ZK_PORT, cluster '$NAME' on tcp $(tcp_port 1)-$(tcp_port 4) (dir $DIR)"
}

cmd_stop() {
	[[ -d $DIR ]] || { log "not running (no $DIR)"; return 0; }
	lock_dir
	local n pid
	for n in "${NODES[@]}"; do
		if pid=$(pid_of "node$n"); then terminate "$pid"; fi
		rm -f "$DIR/node$n.pid"
	done
	if pid=$(pid_of zookeeper); then terminate "$pid"; fi
	rm -f "$DIR/zookeeper.pid"
	log "stopped"
	if [[ ${CLUSTER_WIPE:-0} == 1 ]]; then
		[[ -f $MARKER ]] || die "not wiping $DIR: it was not created by this script (no $MARKER)"
		rm -rf -- "$DIR"
		log "wiped $DIR"
	fi
}

cmd_status() {
	local n rc=0
	if pid_of zookeeper >/dev/null && zk_ok; then log "zookeeper: running (127.0.0.1:$ZK_PORT)"; else log "zookeeper: not running"; rc=3; fi
	for n in "${NODES[@]}"; do
		if pid_of "node$n" >/dev/null && http_ping "$(http_port "$n")"; then
			log "node $n (shard $(shard_of "$n"), replica $(replica_of "$n")): running (tcp 127.0.0.1:$(tcp_port "$n"))"
		else
			log "node $n (shard $(shard_of "$n"), replica $(replica_of "$n")): not running"
			rc=3
		fi
	done
	return $rc
}

cmd_env() {
	local n addrs=()
	for n in "${NODES[@]}"; do addrs+=("127.0.0.1:$(tcp_port "$n")"); done
	echo "export NEWSETL_TEST_CLUSTER=1"
	echo "export NEWSETL_TEST_CLUSTER_NAME=$NAME"
	echo "export NEWSETL_TEST_CLUSTER_NODES=$(IFS=,; echo "${addrs[*]}")"
	echo "export NEWSETL_TEST_CLUSTER_ZOOKEEPER=127.0.0.1:$ZK_PORT"
	echo "export NEWSETL_TEST_CLUSTER_SCRIPT=$ROOT/scripts/cluster.sh"
	echo "export NEWSETL_TEST_CLUSTER_DIR=$DIR"
}

# test: a throwaway cluster under /tmp (unless CLUSTER_DIR is set), the cluster tests, then stop
# and remove it, whatever happened. Prints how long the start and the tests took.
TEST_OWN_DIR=0
cmd_test() {
	local rc=0 t0 t1
	if [[ -z ${CLUSTER_DIR:-} ]]; then
		DIR=$(mktemp -d /tmp/cluster-test.XXXXXX)
		MARKER=$DIR/.newsetl-cluster
		export CLUSTER_DIR=$DIR
		TEST_OWN_DIR=1
	fi
	cleanup() {
		trap - EXIT INT TERM HUP
		cmd_stop >/dev/null || true
		if ((TEST_OWN_DIR)); then rm -rf -- "$DIR"; fi
	}
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	t0=$(now_ms)
	cmd_start
	exec 9>&- # the start lock; the tests call kill and restart
	eval "$(cmd_env)"
	t1=$(now_ms)
	local go=go
	command -v go >/dev/null 2>&1 || go=/usr/local/go/bin/go
	"$go" test -count=1 -timeout 15m ${CLUSTER_TEST_FLAGS:-} -run '^(TestCluster|TestZKLocker)' ./load/ ./schedules/ ./cmd/newsetl/ || rc=$?
	log "cluster start $(((t1 - t0) / 1000)).$(printf '%03d' $(((t1 - t0) % 1000)))s, tests $((($(now_ms) - t1) / 1000))s"
	return $rc
}

node_arg() {
	[[ ${1:-} =~ ^[1-4]$ ]] || usage
}

case ${1:-} in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) cmd_env ;;
test) cd "$ROOT" && cmd_test ;;
kill)
	node_arg "${2:-}"
	pid=$(pid_of "node$2") || die "node $2 is not running"
	kill -KILL "$pid"
	while alive "$pid"; do sleep 0.05; done
	log "node $2 killed (pid $pid)"
	;;
restart)
	node_arg "${2:-}"
	lock_dir
	start_node "$2"
	wait_all "$2"
	log "node $2 running"
	;;
*) usage ;;
esac
