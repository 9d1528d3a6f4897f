# Helpers shared by scripts/clickhouse.sh and scripts/cluster.sh: finding
# binaries, a clock, probes of loopback servers (sourced; bash only).

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# http_ping PORT: the ClickHouse HTTP interface on 127.0.0.1:PORT answers
# /ping with "Ok.".
http_ping() {
	local resp
	resp=$(
		exec 2>/dev/null
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf 'GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
		timeout 2 cat <&3
	) || return 1
	[[ $resp == *$'\r\n\r\nOk.' ]]
}

# find_bin NAME: the path of an installed program, also in the sbin
# directories a non-root PATH lacks (Debian puts clickhouse-server there).
find_bin() {
	local name=$1 p
	if p=$(command -v "$name" 2>/dev/null); then
		echo "$p"
		return 0
	fi
	for p in "/usr/sbin/$name" "/usr/bin/$name" "/usr/local/sbin/$name" "/usr/local/bin/$name"; do
		if [[ -x $p ]]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# now_ms: milliseconds since some fixed point, without forking when bash
# has EPOCHREALTIME.
now_ms() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		local t=${EPOCHREALTIME/[.,]/}
		echo $((10#$t / 1000))
	else
		echo $((SECONDS * 1000))
	fi
}
