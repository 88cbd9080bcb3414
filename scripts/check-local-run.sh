#!/usr/bin/env bash
# CI's proof that README.md's "Run it" without Docker works: `npm start`, then the README's own curl
# commands (post the example event, read its session back), stop it with SIGTERM as Ctrl-C would,
# start it again and read the event back once more (the data survives a restart), stop it.
# It runs on state of its own (a temporary directory and, on PostgreSQL, a database it drops) so
# it neither sees nor leaves anything of a developer's `npm start`. Ports are the README's unless
# PORT, INGESTOR_HEALTH_PORT, QUERY_HEALTH_PORT or MONGO_URL say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests' servers are not the local run's (see scripts/test-services.sh, profile local).
unset NATS_URL MONGO_URL
export EVENTLINE_LOCAL_STATE=${EVENTLINE_LOCAL_STATE:-$(mktemp -d)}
export FERRETDB_DATABASE=${FERRETDB_DATABASE:-eventline_check_$$}
port=${PORT:-3000}
out=$EVENTLINE_LOCAL_STATE/check
mkdir -p "$out"

# The README's ```sh blocks holding a curl of the given route, the port swapped when PORT is set.
readme_block() {
  awk -v pattern="$1" '
    /^```sh$/ { inside = 1; block = ""; next }
    /^```$/ { if (inside && block ~ pattern) printf "%s", block; inside = 0; next }
    inside { block = block $0 "\n" }
  ' README.md | sed "s#http://localhost:3000#http://localhost:$port#g"
}
post=$(readme_block 'curl -i [^ ]*/v1/events')
read_back=$(readme_block 'curl -s [^ ]*/v1/sessions/')
[ -n "$post" ] && [ -n "$read_back" ] || { echo "check-local-run: README.md lost its curl examples" >&2; exit 1; }

app_pid=
start() {
  setsid npm start >"$out/start-$1.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 240); do
    grep -q 'eventline is running' "$out/start-$1.log" && return 0
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "check-local-run: npm start did not become ready" >&2
  cat "$out/start-$1.log" >&2
  return 1
}
stop() {
  [ -n "$app_pid" ] || return 0
  kill -TERM "$app_pid" 2>/dev/null || true
  local status=0
  wait "$app_pid" || status=$?
  app_pid=
  return "$status"
}
cleanup() {
  # On failure: Ctrl-C's signal to the whole group, so nothing it started outlives the check.
  if [ -n "$app_pid" ]; then kill -INT -- "-$app_pid" 2>/dev/null || true; wait "$app_pid" || true; fi
  if command -v psql >/dev/null 2>&1; then
    psql "${EVENTLINE_POSTGRES_URL:-postgres://127.0.0.1:5432/}postgres" -Xqc "DROP DATABASE IF EXISTS \"$FERRETDB_DATABASE\"" >/dev/null 2>&1 || true
  fi
  rm -rf "$EVENTLINE_LOCAL_STATE"
}
trap cleanup EXIT

start first
sed -n '/eventline is running/,$p' "$out/start-first.log"
bash -c "$post" >"$out/post.txt" 2>"$out/post.err"
grep -q '^HTTP/1.1 202' "$out/post.txt" || { echo "check-local-run: the README's POST did not answer 202" >&2; cat "$out/post.txt" >&2; exit 1; }
event_id=$(grep -o '"event_id":"[^"]*","status":"accepted"' "$out/post.txt" | cut -d'"' -f4)
echo "posted the README's example: 202, event $event_id"

# Stored asynchronously by the ingestor: the read-back finds it within moments.
found=
for _ in $(seq 1 60); do
  if bash -c "$read_back" | grep -q "\"event_id\":\"$event_id\""; then found=1; break; fi
  sleep 0.5
done
[ -n "$found" ] || { echo "check-local-run: the README's read-back never showed event $event_id" >&2; exit 1; }
echo "read it back with the README's curl"

stop
echo "stopped with SIGTERM (exit 0)"
start second
bash -c "$read_back" | grep -q "\"event_id\":\"$event_id\"" ||
  { echo "check-local-run: after a restart event $event_id is gone" >&2; exit 1; }
echo "after a restart the event is still there"
stop
for p in "$port" "${INGESTOR_HEALTH_PORT:-3001}" "${QUERY_HEALTH_PORT:-3002}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "check-local-run: port $p still open after stop" >&2; exit 1; fi
done
echo "check-local-run: ok"
