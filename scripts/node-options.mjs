// The V8 heap bounds every app process runs with: the one definition, used by `npm start` (scripts/start.mjs), the
// tests' and the bench's app launchers; the Dockerfile sets the same value (test/docker-compose.e2e-spec.ts checks).
//
// Under a burst of requests V8 grows its heap, the young generation first, well past what an app needs: memory V8
// would reuse, not a leak. A small semi-space and a bounded old space keep an app within the bench's RSS goal with
// room over its live heap (BENCHMARKS.md, Memory). A NODE_OPTIONS of the caller's own is kept after these, so its
// flags win.

/** NODE_OPTIONS for an app process. */
export const APP_NODE_OPTIONS = '--max-semi-space-size=4 --max-old-space-size=160';

/** `env` with APP_NODE_OPTIONS ahead of the NODE_OPTIONS it has (Node applies the last of a repeated flag). */
export function withAppNodeOptions(env) {
  const own = env.NODE_OPTIONS?.trim();
  return { ...env, NODE_OPTIONS: own ? `${APP_NODE_OPTIONS} ${own}` : APP_NODE_OPTIONS };
}
