# The authorizer: ISO 8583 on 8583/tcp, HTTP (health) on 3000.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production ISO_HOST=0.0.0.0 HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/contracts ./contracts
COPY package.json ./
EXPOSE 8583 3000
# Heap limit ~10× the live heap: without one V8 lets garbage grow the process to 330+ MB (tools/dev/spawn-app.ts).
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=32", "--v8-pool-size=1", "dist/apps/authorizer/src/main.js"]
