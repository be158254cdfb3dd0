# Production image of Quiétude: the application only. PostgreSQL + PostGIS runs elsewhere
# (DATABASE_URL is required when NODE_ENV=production); see docs/deploy.md.

# Dependencies without the development tools, built apart so that the final image has no npm cache.
FROM node:20.20-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    RUN_JOBS=true
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
# The image's own unprivileged user: the application never needs root.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: the process receives SIGTERM itself and shuts down gracefully (requests in flight finish).
CMD ["node", "bin/quietude.js", "serve"]
