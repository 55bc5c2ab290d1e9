# syntax=docker/dockerfile:1
# tract-controller image: Node.js 24 runs the TypeScript sources directly (type stripping, no build step).
# Runs as a non-root numeric user on a read-only root filesystem: it writes only to the state directory
# (/var/lib/tract) and /tmp, both mounted by the Helm chart (emptyDir). Linted in
# test/integration/deploy/dockerfile.test.ts; see docs/deploy.md for what was and was not verified.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Production dependencies only; install scripts off (the CLI bundle step needs dev dependencies and the
# controller does not use it). Type declarations, TypeScript sources, source maps and docs of the
# dependencies are dropped: Node never loads them from node_modules (about 85 of 150 MB).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && find node_modules -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.md' \) -delete

FROM ${NODE_IMAGE} AS runtime
# git and openssh-client: the controller drives the git command line (https and ssh remotes);
# tini reaps the git and ssh children that outlive their parent (node does not, as PID 1).
# npm, npx, corepack and yarn are removed: the image runs node only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
    /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
    /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* \
 && groupadd --system --gid 65532 tract \
 && useradd --system --uid 65532 --gid 65532 --home-dir /var/lib/tract --no-create-home --shell /usr/sbin/nologin tract \
 && mkdir -p /var/lib/tract \
 && chown 65532:65532 /var/lib/tract

WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin/ ./bin/
COPY crds/ ./crds/
COPY shared/ ./shared/
COPY controller/ ./controller/

# HOME and the Node compile cache point at /tmp so nothing writes to the root filesystem.
ENV NODE_ENV=production \
    HOME=/tmp \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache \
    TRACT_STATE_DIR=/var/lib/tract \
    TRACT_LOG_FORMAT=json \
    TRACT_PORT=3100

USER 65532:65532
EXPOSE 3100

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.TRACT_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/tract-controller.js"]
