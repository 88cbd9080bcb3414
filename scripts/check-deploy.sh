#!/usr/bin/env bash
# Checks what `docker compose up` would use, on machines without a Docker engine:
# docker-compose.yml and deploy/mongo-replica-set/docker-compose.yml against the Compose
# specification (compose-go, the library behind `docker compose config`, built once into the
# cache), the NATS configuration files with a
# current nats-server's own parser (`nats-server -t`; the Debian one predates `sync_interval`),
# and the Dockerfile's lint.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${EVENTLINE_CACHE:-$root/.cache}
mkdir -p "$cache/bin"
cd "$root"

if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose config --quiet && echo "docker-compose.yml is valid (docker compose config)"
  docker compose -f deploy/mongo-replica-set/docker-compose.yml config --quiet &&
    echo "deploy/mongo-replica-set/docker-compose.yml is valid (docker compose config)"
else
  checker=$cache/bin/compose-check
  if [ ! -x "$checker" ] || [ tools/compose-check/go.sum -nt "$checker" ] || [ tools/compose-check/main.go -nt "$checker" ]; then
    go=$(command -v go || echo /usr/local/go/bin/go)
    (cd tools/compose-check && GOFLAGS=-mod=mod "$go" build -o "$checker" .)
  fi
  "$checker" docker-compose.yml
  "$checker" deploy/mongo-replica-set/docker-compose.yml
fi
nats_server=$(bash scripts/test-services.sh nats-server-bin)
for conf in deploy/nats/nats.conf deploy/cluster/nats-cluster.conf; do
  # The passwords compose passes in; any value will do for parsing.
  NATS_GATEWAY_PASSWORD=x NATS_INGESTOR_PASSWORD=x NATS_QUERY_PASSWORD=x NATS_DEMO_BACKEND_PASSWORD=x \
    "$nats_server" -t -c "$conf" 2>&1
done

node scripts/lint-dockerfile.mjs Dockerfile
