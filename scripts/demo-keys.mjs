// Demo API keys for `npm start` on a developer's machine: random, git-ignored, never for a shared or production system.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo users: two PR users because publishing a holding statement needs a second PR approver (four eyes). */
export const DEMO_USERS = [
  { name: 'demo-investigator', role: 'investigator' },
  { name: 'demo-pr', role: 'pr' },
  { name: 'demo-pr-2', role: 'pr' },
  { name: 'demo-admin', role: 'admin' },
  { name: 'demo-regulator-id-pdp', role: 'regulator', regulatorId: 'id-pdp' },
];

/** Same format as the apps' API keys: `bl_` + 256 random bits. */
export const newApiKey = () => `bl_${randomBytes(32).toString('base64url')}`;

/** Same hash as libs/platform's ApiKeyRepository stores. */
export const hashApiKey = (key) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Reads the demo keys file, creating it (mode 0600) with fresh keys on first use, and adding any demo user that
 * an older file lacks. The file has the BREACHLINE_API_KEYS_FILE format: `[{ key, role, name, regulatorId? }]`.
 * @returns {{ entries: { key: string, role: string, name: string, regulatorId?: string }[], created: string[] }}
 */
export function ensureDemoKeys(file) {
  let entries = [];
  if (fs.existsSync(file)) {
    entries = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(entries)) throw new Error(`${file}: must be a JSON array of { key, role, name, regulatorId? }`);
  }
  const created = [];
  for (const user of DEMO_USERS) {
    if (entries.some((entry) => entry.name === user.name)) continue;
    entries.push({ key: newApiKey(), ...user });
    created.push(user.name);
  }
  if (created.length > 0) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, {
      mode: 0o600,
    });
  }
  return { entries, created };
}

/**
 * The key that seals webhook signing secrets (BREACHLINE_SECRETS_KEY: 32 random bytes, base64), created once and then
 * kept: a new key could not open the secrets sealed under the old one.
 */
export function ensureDemoSecretsKey(file) {
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (!/^[A-Za-z0-9+/]{43}=$/.test(key))
      throw new Error(`${file}: not 32 bytes in base64; delete it to get a new key`);
    return { key, created: false };
  }
  const key = randomBytes(32).toString('base64');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, created: true };
}

/** A local Ed25519 pair for the ledger (the relay signs checkpoints, the API serves the public key), kept in `dir`. */
export function ensureDemoLedgerKeys(dir) {
  const privateKeyFile = path.join(dir, 'demo-ledger-signing-key.pem');
  const publicKeyFile = path.join(dir, 'demo-ledger-public-key.pem');
  const created = !fs.existsSync(privateKeyFile) || !fs.existsSync(publicKeyFile);
  if (created) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return { privateKeyFile, publicKeyFile, created };
}

// `node scripts/demo-keys.mjs FILE`: the same demo keys in FILE (e.g. config/api-keys.json for docker-compose.yml).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/demo-keys.mjs FILE   (creates or completes FILE with demo API keys)');
    process.exit(2);
  }
  const { entries, created } = ensureDemoKeys(path.resolve(file));
  console.log(created.length > 0 ? `created ${created.join(', ')} in ${file}` : `${file} already has the demo keys`);
  console.log('Demo API keys for this machine only, never for a shared or production system:');
  const rows = entries.map((e) => [e.name, e.regulatorId ? `${e.role} ${e.regulatorId}` : e.role, e.key]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [name, role, key] of rows) console.log(`  ${name.padEnd(widths[0])}  ${role.padEnd(widths[1])}  ${key}`);
}
