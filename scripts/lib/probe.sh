# Probes of loopback servers, shared by scripts/clickhouse.sh and
# scripts/cluster.sh (sourced; bash only).

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
