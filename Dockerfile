# syntax=docker/dockerfile:1
# Multi-stage: compile TypeScript with the dev tools, ship only JavaScript and production packages.
# .ci/image-layout builds this final stage's layout without Docker and runs every CLI in it: keep the two in step.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production packages only. --omit=optional as well: TypeScript is an optional peer of i18next (for its type
# definitions), so --omit=dev alone keeps its 24 MB; the other optional package, msgpackr-extract, is a native
# speed-up that msgpackr replaces with plain JavaScript when absent.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# bin/run.mjs runs dist/ for the npm scripts (`docker compose exec app npm run agents:import -- --check FILE`).
COPY --chown=node:node bin ./bin
COPY --chown=node:node locales ./locales
COPY --chown=node:node conversations ./conversations
COPY --chown=node:node data ./data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM from `docker stop` reaches node directly (exec form), which drains in-flight work before exiting.
CMD ["node", "dist/main.js"]
