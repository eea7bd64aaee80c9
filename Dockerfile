# One image definition for every Breachline app; the app is chosen by the APP build argument (or APP at run time):
#
#   docker build --build-arg APP=relay -t breachline-relay .
#   docker run --rm -e MONGO_URL=… -e KAFKA_BROKERS=… breachline-relay
#
# docker-compose.yml builds case-api, relay and projector from this file.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
# Compiles every app and lib into dist/ (dist/apps/<app>/src/main.js), then drops the dev dependencies.
RUN npm run build && npm prune --omit=dev

FROM node:20-slim AS runtime
# NODE_OPTIONS: the apps' heap bounds, as scripts/node-options.mjs defines them for npm start, the tests and the bench
# (RSS ≤ 200 MB under load). Only in this stage: the build's tsc needs a larger heap.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=160"
WORKDIR /app
# package.json is needed at run time: its "imports" map #libs/* to dist/libs/*/src/index.js.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Declared last so that the layers above are shared by the images of all apps.
ARG APP=case-api
ENV APP=${APP} \
    HOST=0.0.0.0
USER node
# exec: node becomes PID 1 and gets SIGTERM from `docker stop` (the apps shut down gracefully on it).
CMD ["sh", "-c", "exec node \"dist/apps/${APP}/src/main.js\""]
