#!/usr/bin/env bash
# Makes sure a JetStream-enabled NATS and a MongoDB-wire server are reachable for the tests,
# building and starting them when absent, and prints their addresses as shell assignments:
#
#   eval "$(bash scripts/test-services.sh env)"    # start (or reuse) and export NATS_URL, MONGO_URL
#   bash scripts/test-services.sh stop              # stop what this script started
#
# No container engine on our machines, so: NATS from the running local server or `nats-server -js`
# (built with Go when missing), and FerretDB v1.24.2 (SQLite backend) built once with Go.
# Builds are cached under $EVENTLINE_CACHE (default .cache/ in the checkout); state under $STATE.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${EVENTLINE_CACHE:-$root/.cache}
state=${EVENTLINE_SERVICES_STATE:-$cache/services}
bin=$cache/bin
ferret_version=v1.24.2
nats_version=v2.15.2
ferret_port=${FERRETDB_PORT:-27117}
nats_port=${TEST_NATS_PORT:-4222}
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

nats_server_bin() {
  if command -v nats-server >/dev/null 2>&1; then command -v nats-server; return; fi
  if [ ! -x "$bin/nats-server" ]; then
    local go; go=$(go_bin nats-server)
    log "building nats-server $nats_version (once; cached in $bin)"
    GOBIN=$bin "$go" install "github.com/nats-io/nats-server/v2@$nats_version"
  fi
  echo "$bin/nats-server"
}

jetstream_enabled() {
  # The monitoring port is not always on; a CONNECT/INFO exchange tells whether JetStream is enabled.
  local info; info=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1; head -n 1 <&3" 2>/dev/null || true)
  [[ "$info" == *'"jetstream":true'* ]]
}

start_nats() {
  if [ -n "${NATS_URL:-}" ]; then echo "$NATS_URL"; return; fi
  if port_open "$nats_port" && jetstream_enabled "$nats_port"; then echo "nats://127.0.0.1:$nats_port"; return; fi
  local port=${TEST_NATS_FALLBACK_PORT:-14222}
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

start_ferretdb() {
  if [ -n "${MONGO_URL:-}" ]; then echo "$MONGO_URL"; return; fi
  build_ferretdb
  if ! port_open "$ferret_port"; then
    log "starting FerretDB $ferret_version (SQLite) on 127.0.0.1:$ferret_port"
    mkdir -p "$state/ferretdb"
    nohup "$bin/ferretdb" --handler=sqlite --sqlite-url="file:$state/ferretdb/" --state-dir="$state/ferretdb" \
      --listen-addr="127.0.0.1:$ferret_port" --telemetry=disable --log-level=warn --debug-addr=127.0.0.1:0 \
      >"$state/ferretdb.log" 2>&1 &
    echo $! > "$state/ferretdb.pid"
    wait_port "$ferret_port" || exit 1
  fi
  echo "mongodb://127.0.0.1:$ferret_port/"
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
    echo "export NATS_URL='$nats_url'"
    echo "export MONGO_URL='$mongo_url'"
    # Fault tests start servers of their own, to stop and restart them without disturbing others.
    echo "export NATS_SERVER_BIN='$(nats_server_bin)'"
    echo "export FERRETDB_BIN='$bin/ferretdb'"
    ;;
  stop) stop_all ;;
  *) echo "usage: $0 [env|stop]" >&2; exit 2 ;;
esac
