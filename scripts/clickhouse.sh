#!/usr/bin/env bash
# Manage a private, project-local ClickHouse server for the demo and the tests.
#
#   scripts/clickhouse.sh install   install clickhouse-server/-client with apt if missing
#   scripts/clickhouse.sh start     start a server under $CLICKHOUSE_DIR and wait until it answers
#   scripts/clickhouse.sh stop      stop it (SIGTERM, SIGKILL after 15 s); keeps data unless CLICKHOUSE_WIPE=1
#   scripts/clickhouse.sh status    exit 0 if running, 3 if not
#
# Environment:
#   CLICKHOUSE_DIR            everything lives here (default: <repo>/.local/clickhouse)
#   CLICKHOUSE_TCP_PORT       native protocol port (default 19000)
#   CLICKHOUSE_HTTP_PORT      HTTP port (default 18123)
#   CLICKHOUSE_START_TIMEOUT  seconds to wait for the server to answer (default 30)
#   CLICKHOUSE_TIMEZONE       server time zone (default UTC)
#   CLICKHOUSE_WIPE=1         make `stop` delete $CLICKHOUSE_DIR
#
# The server listens on 127.0.0.1 only and never touches the system service, /etc/clickhouse-server,
# /var/lib/clickhouse or the default ports 9000/8123.
#
# Exit codes: 0 ok, 1 failure, 2 usage, 3 not running (status), 4 a port is already in use (start).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=lib/common.sh
source "$ROOT/scripts/lib/common.sh"

DIR=${CLICKHOUSE_DIR:-$ROOT/.local/clickhouse}
[[ $DIR == /* ]] || DIR=$PWD/$DIR
DIR=${DIR%/}
TCP_PORT=${CLICKHOUSE_TCP_PORT:-19000}
HTTP_PORT=${CLICKHOUSE_HTTP_PORT:-18123}
START_TIMEOUT=${CLICKHOUSE_START_TIMEOUT:-30}
TIMEZONE=${CLICKHOUSE_TIMEZONE:-UTC}
STOP_TIMEOUT=15

PID_FILE=$DIR/clickhouse-server.pid
LOG_DIR=$DIR/log
ERR_LOG=$LOG_DIR/clickhouse-server.err.log
MAIN_LOG=$LOG_DIR/clickhouse-server.log
OUT_LOG=$LOG_DIR/stdout.log
MARKER=$DIR/.newsetl-clickhouse

log() { printf 'clickhouse.sh: %s\n' "$*"; }
err() { printf 'clickhouse.sh: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

usage() {
	err "usage: $0 install|start|stop|status"
	exit 2
}

check_port() { # name value
	if ! [[ $2 =~ ^[0-9]+$ ]] || (($2 < 1 || $2 > 65535)); then
		die "$1 must be a TCP port number, got '$2'"
	fi
}

# Resolve a binary even when /usr/sbin is not on PATH (non-root users on Debian).
xml_escape() {
	local s=$1
	s=${s//&/&amp;}
	s=${s//</&lt;}
	s=${s//>/&gt;}
	printf '%s' "$s"
}

# --- process helpers --------------------------------------------------------------------------

# True if pid exists and is not a zombie.
alive() {
	local pid=$1 stat
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	if [[ -r /proc/$pid/stat ]]; then
		stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
		stat=${stat##*) }
		[[ ${stat%% *} != Z ]] || return 1
	fi
	return 0
}

# True if pid is a clickhouse-server started with our config file.
is_our_server() {
	local pid=$1 args
	alive "$pid" || return 1
	if [[ -r /proc/$pid/cmdline ]]; then
		args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	else
		args=$(ps -p "$pid" -o args= 2>/dev/null) || return 1
	fi
	[[ $args == *clickhouse* && $args == *"--config-file=$DIR/config.xml"* ]]
}

# Prints the pid of the server running from $DIR, if any: from our pid file, else from the
# status file the server itself keeps in its data directory.
server_pid() {
	local pid=''
	if [[ -f $PID_FILE ]]; then
		pid=$(head -n1 "$PID_FILE" 2>/dev/null || true)
		if is_our_server "$pid"; then
			echo "$pid"
			return 0
		fi
	fi
	if [[ -f $DIR/data/status ]]; then
		pid=$(sed -n 's/^PID: *\([0-9][0-9]*\).*/\1/p' "$DIR/data/status" 2>/dev/null | head -n1 || true)
		if [[ -n $pid ]] && is_our_server "$pid"; then
			echo "$pid"
			return 0
		fi
	fi
	return 1
}

# Ports the server in $DIR was configured with (config.xml is rewritten on every start).
configured_port() { # tag
	sed -n "s:.*<$1>\([0-9]*\)</$1>.*:\1:p" "$DIR/config.xml" 2>/dev/null | head -n1
}

# --- network helpers (bash /dev/tcp only; curl is not needed) ---------------------------------

native_ping() { # port
	local client out
	client=$(find_bin clickhouse-client) || return 1
	out=$(timeout 5 "$client" --host 127.0.0.1 --port "$1" -q 'SELECT 1' 2>/dev/null) || return 1
	[[ $out == 1 ]]
}

answers() { # tcp_port http_port
	http_ping "$2" && native_ping "$1"
}

show_logs() {
	local f
	for f in "$ERR_LOG" "$OUT_LOG"; do
		if [[ -s $f ]]; then
			err "--- last lines of $f ---"
			tail -n 30 "$f" >&2
		fi
	done
	if [[ ! -s $ERR_LOG && -s $MAIN_LOG ]]; then
		err "--- last lines of $MAIN_LOG ---"
		tail -n 30 "$MAIN_LOG" >&2
	fi
}

# Waits until the server answers; returns 1 if it died, 2 on timeout.
wait_ready() { # pid tcp_port http_port
	local pid=$1 deadline
	deadline=$(($(now_ms) + START_TIMEOUT * 1000))
	while :; do
		alive "$pid" || return 1
		if answers "$2" "$3"; then
			return 0
		fi
		(($(now_ms) < deadline)) || return 2
		sleep 0.1
	done
}

# Sends SIGTERM, waits up to STOP_TIMEOUT seconds, then SIGKILL. Returns when pid is gone.
terminate() {
	local pid=$1 deadline
	kill -TERM "$pid" 2>/dev/null || true
	deadline=$(($(now_ms) + STOP_TIMEOUT * 1000))
	while alive "$pid" && (($(now_ms) < deadline)); do
		sleep 0.1
	done
	if alive "$pid"; then
		err "pid $pid did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
		deadline=$(($(now_ms) + 5000))
		while alive "$pid" && (($(now_ms) < deadline)); do
			sleep 0.1
		done
		! alive "$pid" || die "pid $pid survived SIGKILL"
	fi
}

# Serialise start/stop on one directory (the lock fd is closed for the server itself).
lock_dir() {
	mkdir -p "$DIR"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$DIR/.lock"
		flock -w 60 9 || die "could not lock $DIR/.lock (another clickhouse.sh running?)"
	fi
}

# --- config ------------------------------------------------------------------------------------

write_config() {
	local d
	d=$(xml_escape "$DIR")
	cat >"$DIR/config.xml.tmp" <<EOF
<?xml version="1.0"?>
<!-- Generated by scripts/clickhouse.sh; rewritten on every start. -->
<yandex>
    <logger>
        <level>information</level>
        <log>$d/log/clickhouse-server.log</log>
        <errorlog>$d/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
        <console>0</console>
    </logger>

    <!-- Loopback only. Only the two ports below are opened: no interserver (9009), https,
         secure native, MySQL or PostgreSQL ports are configured. -->
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$TCP_PORT</tcp_port>
    <http_port>$HTTP_PORT</http_port>

    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$d/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>$(xml_escape "$TIMEZONE")</timezone>

    <max_connections>1024</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <mlock_executable>false</mlock_executable>
</yandex>
EOF
	mv -f "$DIR/config.xml.tmp" "$DIR/config.xml"

	cat >"$DIR/users.xml.tmp" <<'EOF'
<?xml version="1.0"?>
<!-- Generated by scripts/clickhouse.sh; rewritten on every start. -->
<yandex>
    <profiles>
        <default>
            <max_memory_usage>10000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
	mv -f "$DIR/users.xml.tmp" "$DIR/users.xml"
}

# --- commands ----------------------------------------------------------------------------------

cmd_install() {
	if find_bin clickhouse-server >/dev/null && find_bin clickhouse-client >/dev/null; then
		log "clickhouse-server and clickhouse-client are installed"
		return 0
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "clickhouse-server/clickhouse-client not found and apt-get is not available; install them by hand"
	local -a sudo=()
	if [[ $(id -u) != 0 ]]; then
		command -v sudo >/dev/null 2>&1 ||
			die "clickhouse-server/clickhouse-client not found; run as root or install sudo"
		sudo=(sudo)
	fi
	log "installing clickhouse-server and clickhouse-client with apt-get"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client
	find_bin clickhouse-server >/dev/null || die "clickhouse-server still not found after apt-get install"
	find_bin clickhouse-client >/dev/null || die "clickhouse-client still not found after apt-get install"
	log "installed"
}

cmd_start() {
	check_port CLICKHOUSE_TCP_PORT "$TCP_PORT"
	check_port CLICKHOUSE_HTTP_PORT "$HTTP_PORT"
	[[ $TCP_PORT != "$HTTP_PORT" ]] || die "CLICKHOUSE_TCP_PORT and CLICKHOUSE_HTTP_PORT must differ"
	local server
	server=$(find_bin clickhouse-server) || die "clickhouse-server not found; run: $0 install"
	find_bin clickhouse-client >/dev/null || die "clickhouse-client not found; run: $0 install"

	lock_dir

	local pid t0 rc
	if pid=$(server_pid); then
		local tcp http
		tcp=$(configured_port tcp_port)
		http=$(configured_port http_port)
		if [[ $tcp != "$TCP_PORT" || $http != "$HTTP_PORT" ]]; then
			die "a server from $DIR is already running (pid $pid) on tcp $tcp / http $http, not on tcp $TCP_PORT / http $HTTP_PORT; stop it first"
		fi
		if answers "$tcp" "$http"; then
			echo "$pid" >"$PID_FILE"
			log "already running (pid $pid, tcp 127.0.0.1:$tcp, http 127.0.0.1:$http, dir $DIR)"
			return 0
		fi
		log "pid $pid is running but not answering yet; waiting"
		t0=$(now_ms)
		rc=0
		wait_ready "$pid" "$tcp" "$http" || rc=$?
		if ((rc == 0)); then
			echo "$pid" >"$PID_FILE"
			log "ready (pid $pid, tcp 127.0.0.1:$tcp, http 127.0.0.1:$http, dir $DIR)"
			return 0
		fi
		show_logs
		die "server pid $pid did not answer within ${START_TIMEOUT}s"
	fi
	rm -f "$PID_FILE"

	local port
	for port in "$TCP_PORT" "$HTTP_PORT"; do
		if port_in_use "$port"; then
			err "port 127.0.0.1:$port is already in use by another process"
			exit 4
		fi
	done

	mkdir -p "$DIR/data" "$DIR/tmp" "$DIR/user_files" "$DIR/format_schemas" "$LOG_DIR"
	: >"$MARKER"
	write_config
	# Fresh logs for this run make failures easy to read (data is kept).
	: >"$ERR_LOG"
	: >"$OUT_LOG"

	log "starting clickhouse-server (tcp 127.0.0.1:$TCP_PORT, http 127.0.0.1:$HTTP_PORT, dir $DIR)"
	t0=$(now_ms)
	# setsid: own session, so ^C in the terminal that ran `make demo` does not reach the server.
	# This script runs without job control, so setsid execs in place and $! is the server's pid.
	local -a launcher=(nohup)
	if command -v setsid >/dev/null 2>&1; then
		launcher=(setsid nohup)
	fi
	(
		cd "$DIR"
		exec 9>&- "${launcher[@]}" "$server" --config-file="$DIR/config.xml" </dev/null >>"$OUT_LOG" 2>&1
	) &
	pid=$!
	echo "$pid" >"$PID_FILE"

	rc=0
	wait_ready "$pid" "$TCP_PORT" "$HTTP_PORT" || rc=$?
	if ((rc == 0)); then
		local ms=$(($(now_ms) - t0))
		log "ready in $((ms / 1000)).$(printf '%03d' $((ms % 1000)))s (pid $pid)"
		return 0
	fi
	if ((rc == 1)); then
		err "clickhouse-server exited during start-up"
	else
		err "clickhouse-server did not answer within ${START_TIMEOUT}s; stopping it"
		terminate "$pid"
	fi
	rm -f "$PID_FILE"
	show_logs
	if grep -qs 'Address already in use' "$ERR_LOG" "$OUT_LOG"; then
		exit 4
	fi
	exit 1
}

cmd_stop() {
	if [[ ! -d $DIR ]]; then
		log "not running (no $DIR)"
		return 0
	fi
	lock_dir
	local pid
	if pid=$(server_pid); then
		log "stopping pid $pid"
		terminate "$pid"
		log "stopped"
	else
		log "not running"
	fi
	rm -f "$PID_FILE"
	if [[ ${CLICKHOUSE_WIPE:-0} == 1 ]]; then
		if [[ -f $MARKER ]]; then
			rm -rf -- "$DIR"
			log "wiped $DIR"
		else
			err "not wiping $DIR: it was not created by this script (no $MARKER)"
			exit 1
		fi
	fi
}

cmd_status() {
	local pid
	if pid=$(server_pid); then
		local tcp http state=answering
		tcp=$(configured_port tcp_port)
		http=$(configured_port http_port)
		answers "$tcp" "$http" || state="not answering"
		log "running (pid $pid, tcp 127.0.0.1:$tcp, http 127.0.0.1:$http, $state, dir $DIR)"
		return 0
	fi
	log "not running (dir $DIR, tcp $TCP_PORT, http $HTTP_PORT)"
	return 3
}

(($# == 1)) || usage
case $1 in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*) usage ;;
esac
