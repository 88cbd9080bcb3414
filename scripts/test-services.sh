#!/usr/bin/env bash
# Makes sure a JetStream-enabled NATS and a MongoDB-wire server are reachable, building and
# starting them when absent, and prints their addresses as shell assignments:
#
#   eval "$(bash scripts/test-services.sh env)"        # start (or reuse) and export NATS_URL, MONGO_URL
#   eval "$(bash scripts/test-services.sh env bench)"  # the bench's store (below)
#   bash scripts/test-services.sh stop [profile]        # stop what this script started
#   bash scripts/test-services.sh nats-server-bin       # the nats-server build (for scripts/check-deploy.sh)
#
# No container engine on our machines, so: NATS from the running local server or `nats-server -js`
# (built with Go when missing), and FerretDB v1.24.2 built once with Go, on SQLite or on PostgreSQL.
# On SQLite FerretDB decodes and filters every document of a collection itself; on PostgreSQL it
# pushes equality filters down (sorts stay in FerretDB): one session's 100 events among 50,000 read
# in ~60 ms instead of ~3.5 s. Builds are cached under $EVENTLINE_CACHE (default .cache/ here).
#
# A profile picks the defaults, so the tests, the bench and `npm start` never share a store:
#   tests  (default) FerretDB on 127.0.0.1:27117, SQLite (the tests' small data sets ran no faster
#          on PostgreSQL), state in $EVENTLINE_CACHE/services; NATS_URL / MONGO_URL, when set, win.
#   bench  FerretDB on 27217, PostgreSQL when reachable, database eventline_bench, state in
#          $EVENTLINE_CACHE/bench-services.
#   local  (`npm start`) FerretDB on 27017, PostgreSQL when reachable, database eventline_local,
#          state in .local/services; NATS started on 4222 when none runs there.
# bench and local ignore NATS_URL / MONGO_URL (they name the tests' servers) and reuse a JetStream
# NATS already on TEST_NATS_PORT.
# Variables overriding a profile's defaults: EVENTLINE_STORE=auto|postgresql|sqlite (auto:
# PostgreSQL when it answers); EVENTLINE_POSTGRES_URL, the server (default
# postgres://127.0.0.1:5432/, trust or ~/.pgpass authentication, psql needed); FERRETDB_DATABASE,
# FerretDB's own PostgreSQL database, created when absent; FERRETDB_PORT; TEST_NATS_PORT, where a
# running JetStream server is reused (4222); NATS_START_PORT, where one is started otherwise;
# EVENTLINE_SERVICES_STATE, the directory of pid files, logs, SQLite and NATS data.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${EVENTLINE_CACHE:-$root/.cache}
bin=$cache/bin
ferret_version=v1.24.2
nats_version=v2.15.2
natscli_version=v0.5.1
profile=${2:-tests}
case "$profile" in
  tests) defaults=(27117 "$cache/services" sqlite eventline_test 14222) ;;
  bench) defaults=(27217 "$cache/bench-services" auto eventline_bench 14222); unset NATS_URL MONGO_URL ;;
  local) defaults=(27017 "$root/.local/services" auto eventline_local 4222); unset NATS_URL MONGO_URL ;;
  *) echo "test-services: unknown profile $profile (tests, bench or local)" >&2; exit 2 ;;
esac
ferret_port=${FERRETDB_PORT:-${defaults[0]}}
state=${EVENTLINE_SERVICES_STATE:-${defaults[1]}}
store=${EVENTLINE_STORE:-${defaults[2]}}
ferret_database=${FERRETDB_DATABASE:-${defaults[3]}}
nats_start_port=${NATS_START_PORT:-${defaults[4]}}
nats_port=${TEST_NATS_PORT:-4222}
postgres_url=${EVENTLINE_POSTGRES_URL:-postgres://127.0.0.1:5432/}
postgres_url=${postgres_url%/}
mkdir -p "$bin" "$state"

log() { echo "test-services: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done
  log "nothing answered on 127.0.0.1:$1"; return 1
}

go_bin() {
  command -v go >/dev/null 2>&1 && { command -v go; return; }
  [ -x /usr/local/go/bin/go ] && { echo /usr/local/go/bin/go; return; }
  log "Go is needed to build $1 (https://go.dev/dl)"; return 1
}

# FerretDB's version package panics unless build/version/version.txt exists, which `go install`
# cannot provide, so the module is fetched through the Go module proxy and built from a copy.
build_ferretdb() {
  local stamp=$bin/ferretdb.version
  [ -x "$bin/ferretdb" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$ferret_version" ] && return 0
  local go; go=$(go_bin FerretDB)
  log "building FerretDB $ferret_version (once; cached in $bin)"
  local dir; dir=$("$go" mod download -json "github.com/FerretDB/FerretDB@$ferret_version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  local src; src=$(mktemp -d)
  cp -r "$dir/." "$src/" && chmod -R u+w "$src"
  echo "$ferret_version" > "$src/build/version/version.txt"
  (cd "$src" && GOFLAGS=-mod=mod "$go" build -o "$bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$src"
  echo "$ferret_version" > "$stamp"
}

# The release the shipped NATS configs are written for (a distribution's may be too old to parse
# them); scripts/check-deploy.sh uses the same build.
nats_server_bin() {
  local dir=$cache/nats-$nats_version
  if [ ! -x "$dir/nats-server" ]; then
    local go; go=$(go_bin nats-server)
    log "building nats-server $nats_version (once; cached in $dir)"
    GOBIN=$dir "$go" install "github.com/nats-io/nats-server/v2@$nats_version"
  fi
  echo "$dir/nats-server"
}

# The nats CLI, for the tests of the operator commands in docs/operations.md.
nats_cli_bin() {
  local dir=$cache/natscli-$natscli_version
  if [ ! -x "$dir/nats" ]; then
    local go; go=$(go_bin "the nats CLI")
    log "building the nats CLI $natscli_version (once; cached in $dir)"
    GOBIN=$dir "$go" install "github.com/nats-io/natscli/nats@$natscli_version"
  fi
  echo "$dir/nats"
}

jetstream_enabled() {
  # The monitoring port is not always on; a CONNECT/INFO exchange tells whether JetStream is enabled.
  local info; info=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1; head -n 1 <&3" 2>/dev/null || true)
  [[ "$info" == *'"jetstream":true'* ]]
}

start_nats() {
  if [ -n "${NATS_URL:-}" ]; then echo "$NATS_URL"; return; fi
  if port_open "$nats_port" && jetstream_enabled "$nats_port"; then echo "nats://127.0.0.1:$nats_port"; return; fi
  local port=$nats_start_port
  if ! port_open "$port"; then
    local server; server=$(nats_server_bin)
    log "starting nats-server -js on 127.0.0.1:$port"
    mkdir -p "$state/nats"
    nohup "$server" -a 127.0.0.1 -p "$port" -js -sd "$state/nats" >"$state/nats.log" 2>&1 &
    echo $! > "$state/nats.pid"
    wait_port "$port" || exit 1
  fi
  echo "nats://127.0.0.1:$port"
}

# Whether PostgreSQL answers at $postgres_url, with psql (also needed to create the database).
postgres_reachable() {
  command -v psql >/dev/null 2>&1 &&
    PGCONNECT_TIMEOUT=3 psql "$postgres_url/postgres" -XtAc 'SELECT 1' >/dev/null 2>&1
}

# FerretDB keeps every MongoDB database as a schema of this one PostgreSQL database; its own, so
# nothing else on the server is touched.
create_postgres_database() {
  local exists
  exists=$(psql "$postgres_url/postgres" -XtAc "SELECT 1 FROM pg_database WHERE datname = '$ferret_database'")
  [ "$exists" = 1 ] && return 0
  log "creating PostgreSQL database $ferret_database"
  # A concurrent run may create it first: only a database still missing afterwards is a failure.
  psql "$postgres_url/postgres" -Xqc "CREATE DATABASE \"$ferret_database\"" 2>/dev/null ||
    [ "$(psql "$postgres_url/postgres" -XtAc "SELECT 1 FROM pg_database WHERE datname = '$ferret_database'")" = 1 ]
}

# The backend of a FerretDB started now: PostgreSQL when asked or reachable, else SQLite.
choose_store() {
  case "$store" in
    postgresql) postgres_reachable || { log "no PostgreSQL answers at $postgres_url (EVENTLINE_STORE=postgresql)"; return 1; }
      echo postgresql ;;
    sqlite) echo sqlite ;;
    auto) if postgres_reachable; then echo postgresql; else echo sqlite; fi ;;
    *) log "EVENTLINE_STORE must be auto, postgresql or sqlite (got $store)"; return 1 ;;
  esac
}

start_ferretdb() {
  if [ -n "${MONGO_URL:-}" ]; then echo "$MONGO_URL"; return; fi
  build_ferretdb
  if ! port_open "$ferret_port"; then
    # Inside $(…) errexit does not apply: each failure exits explicitly.
    local backend; backend=$(choose_store) || exit 1
    local args=(--state-dir="$state/ferretdb" --listen-addr="127.0.0.1:$ferret_port" --telemetry=disable
      --log-level=warn --debug-addr=127.0.0.1:0)
    mkdir -p "$state/ferretdb"
    if [ "$backend" = postgresql ]; then
      create_postgres_database || exit 1
      args+=(--handler=postgresql --postgresql-url="$postgres_url/$ferret_database")
      echo "FerretDB $ferret_version on PostgreSQL: database $ferret_database at $postgres_url" > "$state/ferretdb.store"
    else
      args+=(--handler=sqlite --sqlite-url="file:$state/ferretdb/")
      echo "FerretDB $ferret_version on SQLite: files in $state/ferretdb" > "$state/ferretdb.store"
    fi
    log "starting $(cat "$state/ferretdb.store"), on 127.0.0.1:$ferret_port"
    nohup "$bin/ferretdb" "${args[@]}" >"$state/ferretdb.log" 2>&1 &
    echo $! > "$state/ferretdb.pid"
    wait_port "$ferret_port" || exit 1
  fi
  echo "mongodb://127.0.0.1:$ferret_port/"
}

# What serves MONGO_URL, for banners and bench reports.
store_description() {
  if [ -n "${MONGO_URL:-}" ]; then echo "the server at MONGO_URL"
  elif [ -f "$state/ferretdb.pid" ] && kill -0 "$(cat "$state/ferretdb.pid")" 2>/dev/null && [ -f "$state/ferretdb.store" ]; then cat "$state/ferretdb.store"
  else echo "a MongoDB-wire server already listening on 127.0.0.1:$ferret_port (not started by this script)"
  fi
}

# The session explorer's browser tests drive Debian's Chromium (playwright-core downloads no browser).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "installing Debian's chromium for the explorer's browser tests"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } >&2 \
    || { log "could not install chromium (apt-get install chromium as root)"; return 1; }
}

stop_all() {
  for name in nats ferretdb; do
    if [ -f "$state/$name.pid" ]; then kill "$(cat "$state/$name.pid")" 2>/dev/null || true; rm -f "$state/$name.pid"; fi
  done
}

case "${1:-env}" in
  env)
    nats_url=$(start_nats)
    mongo_url=$(start_ferretdb)
    build_ferretdb
    if [ "$profile" = tests ]; then ensure_chromium; fi
    echo "export NATS_URL='$nats_url'"
    echo "export MONGO_URL='$mongo_url'"
    echo "export EVENTLINE_STORE_DESCRIPTION='$(store_description)'"
    # Fault tests start servers of their own, to stop and restart them without disturbing others.
    echo "export NATS_SERVER_BIN='$(nats_server_bin)'"
    echo "export NATS_CLI_BIN='$(nats_cli_bin)'"
    echo "export FERRETDB_BIN='$bin/ferretdb'"
    ;;
  stop) stop_all ;;
  nats-server-bin) nats_server_bin ;;
  *) echo "usage: $0 [env|stop|nats-server-bin] [tests|bench|local]" >&2; exit 2 ;;
esac
