# syntax=docker/dockerfile:1
# One image definition for the three apps: `--target gateway|ingestor|query`.

# The base image, in this one place: an exact release, the Node.js CI tests with (.ci/run). Add its
# digest to make the build reproducible byte for byte, resolved where the registry can be reached:
#   docker buildx imagetools inspect node:24.22.3-bookworm-slim   (the "Digest:" line)
#   NODE_IMAGE=node:24.22.3-bookworm-slim@sha256:<digest>
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency's install script runs: nothing here needs one (one of them is a telemetry ping).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# What runs, and nothing else: no dev dependencies, and none of the optional peers that only the
# build or other transports load (TypeScript, for @nestjs/swagger's compiler plugin; gRPC), which
# makes node_modules 129 MB on disk instead of 166 MB (docs/operations.md, "The image").
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./package.json
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY deploy/healthcheck.mjs ./healthcheck.mjs
# The image's own unprivileged user; nothing in /app is writable by it.
USER node
# Node handles SIGTERM itself (no shell in between): each app drains and exits 0. Compose runs an
# init process as PID 1 (`init: true`) that forwards the signal.
STOPSIGNAL SIGTERM
# Finds the port the app listens on, so every PORT / HEALTH_PORT works, 0 (any free port) included.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "healthcheck.mjs"]

FROM runtime AS gateway
ENV PORT=3000
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]

FROM runtime AS ingestor
ENV HEALTH_PORT=3001
CMD ["node", "dist/apps/ingestor/src/main.js"]

FROM runtime AS query
ENV HEALTH_PORT=3001
CMD ["node", "dist/apps/query/src/main.js"]
