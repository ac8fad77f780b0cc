#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on a free port; its URL is in POSTGRES_URL.
# The server and its files are removed when the command ends. As root, the server runs as "postgres".
set -uo pipefail
cd "$(dirname "$0")/.."
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed: apt-get install postgresql"; exit 1; }
pg_dir=$(mktemp -d /tmp/careweave-pg-XXXXXX)
pg_port=$(node_modules/.bin/node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_pg=(); if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi
stop_pg() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; }
trap stop_pg EXIT
echo "Starting PostgreSQL ($("$pg_bin/postgres" --version)) on port $pg_port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null || exit 1
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null || { cat "$pg_dir/log"; exit 1; }
POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" "$@"
