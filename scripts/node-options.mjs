// The V8 heap bounds every app process runs with: the one definition, used by `npm start` (scripts/start.mjs), the
// tests' and the bench's app launchers; the Dockerfile sets the same value (test/docker-compose.e2e-spec.ts checks).
//
// Under a burst of requests V8 grows its heap, the young generation first (up to 3 × 16 MB semi-space by default), and
// an app's RSS went from ~135 MB idle to 288 MB: memory V8 would reuse, not a leak. A 4 MB semi-space (12 MB young
// generation) and a 160 MB old space keep an app under 200 MB of RSS with room over its live heap (50–120 MB under
// load). A NODE_OPTIONS of the caller's own is kept after these, so its flags win.

/** NODE_OPTIONS for an app process. */
export const APP_NODE_OPTIONS = '--max-semi-space-size=4 --max-old-space-size=160';

/** `env` with APP_NODE_OPTIONS ahead of the NODE_OPTIONS it has (Node applies the last of a repeated flag). */
export function withAppNodeOptions(env) {
  const own = env.NODE_OPTIONS?.trim();
  return { ...env, NODE_OPTIONS: own ? `${APP_NODE_OPTIONS} ${own}` : APP_NODE_OPTIONS };
}
