import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';

/**
 * Not data: decision-state snapshots (any command that loads a case may rewrite one) and the leases the relay
 * and notifier renew on their own while running.
 */
const IGNORED = (name: string) => name === 'case_snapshots' || /lease/.test(name);

/** A fingerprint of everything stored (count and content hash per collection), caches and leases left out. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const result: Record<string, string> = {};
  for (const name of collections) {
    if (IGNORED(name) || name.startsWith('system.')) continue;
    const documents = await db.collection(name).find({}).toArray();
    const lines = documents.map((d) => JSON.stringify(d)).sort();
    result[name] = `${documents.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return result;
}

export const changedCollections = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => before[name] !== after[name]);

/** Correlation ids of the commits in the event store, with how many commits carry each. */
export async function commitCorrelations(db: Db): Promise<Map<string, number>> {
  const commits = await db.collection('case_commits').find({}).toArray();
  const counts = new Map<string, number>();
  for (const commit of commits) {
    const id = (commit.events as { correlationId: string }[])[0]?.correlationId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The fingerprint once background writers (projector, relay) have caught up: two readings in a row agree. */
export async function settledFingerprint(
  db: Db,
  { intervalMs = 1_000, timeoutMs = 30_000 } = {},
): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let previous = await fingerprint(db);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const current = await fingerprint(db);
    if (JSON.stringify(current) === JSON.stringify(previous) || Date.now() > deadline) return current;
    previous = current;
  }
}
