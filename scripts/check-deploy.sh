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
  # Named after its source, so checkouts of other versions sharing the cache never run this one's.
  key=$(cat tools/compose-check/go.mod tools/compose-check/go.sum tools/compose-check/main.go | sha256sum | cut -c1-12)
  checker=$cache/bin/compose-check-$key
  if [ ! -x "$checker" ]; then
    go=$(command -v go || echo /usr/local/go/bin/go)
    (cd tools/compose-check && GOFLAGS=-mod=mod "$go" build -o "$checker" .)
  fi
  "$checker" docker-compose.yml
  "$checker" deploy/mongo-replica-set/docker-compose.yml
fi
nats_server=$(bash scripts/test-services.sh nats-server-bin)
# The variables compose passes in, quoted as compose quotes them; passwords of digits and spaces,
# which broke the parser while they were substituted bare.
export NATS_GATEWAY_PASSWORD='"123456"' NATS_INGESTOR_PASSWORD='"two words"' NATS_QUERY_PASSWORD='"x#y}"' \
  NATS_DEMO_BACKEND_PASSWORD='"true"' NATS_ADMIN_PASSWORD='"$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.ih5M.e"' \
  NATS_ROUTE_PASSWORD='"route password"' \
  NATS_ROUTES='[nats-route://route:route%20password@nats-2:6222, nats-route://route:route%20password@nats-3:6222]'
for conf in deploy/nats/nats.conf deploy/cluster/nats-cluster.conf; do
  "$nats_server" -t -c "$conf" 2>&1
done

node scripts/lint-dockerfile.mjs Dockerfile
