# syntax=docker/dockerfile:1
# One image, two roles (docs/deploy.md):
#   web     (default)  node server.js                    Next.js standalone server on :3000
#   worker             node --import tsx worker/main.ts  `npm run worker` without npm
#   intake             node --import tsx worker/intake/main.ts   webhook intake (+ front for web)
#   migrate            node --import tsx scripts/db-migrate.ts
# The worker and the scripts run TypeScript through tsx (a production dependency):
# their extensionless ESM imports are not runnable by plain Node.

ARG NODE_IMAGE=node:24-bookworm-slim

# Production dependencies only. Install scripts stay off: the postinstall (prisma
# generate) needs the prisma devDependency, and embedded Postgres is never used here.
# The `node` package (Node 24 for npm scripts on machines with an older system Node,
# docs/deploy.md) is removed: the image's own Node is that Node.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && rm -rf node_modules/node node_modules/.bin/node \
  && npm cache clean --force

# Everything, dev dependencies included: generate the Prisma client, build Next.js.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && rm -rf node_modules/node node_modules/.bin/node
COPY . .
RUN npm run db:generate && npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
# The standalone server's traced node_modules is a subset of the production
# install (same lockfile), so copying it over the full install changes nothing;
# the full install is what the worker needs.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/generated ./generated
COPY package.json tsconfig.json ./
COPY prisma ./prisma
COPY connectors ./connectors
COPY worker ./worker
COPY scripts ./scripts
# Next.js writes its cache under .next at run time; nothing else needs to be writable.
RUN chown -R node:node /app/.next
USER node
EXPOSE 3000
# Health checks are per role (web: GET /healthz), so they live in docker-compose.yml.
CMD ["node", "server.js"]
