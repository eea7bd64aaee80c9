import { SEED_IDS } from '#libs/domain';
import { type SeedRequest, seedRequests } from './seed-case.requests.js';

// The README's "A tour with curl": the demo's requests as shell commands (`npm run cli -- demo --curl` prints it,
// apps/cli/src/commands/seed-case.tour.spec.ts checks that the README holds what it prints).

/** The key each sender exports (`npm start` prints one per role). */
const KEYS: Record<SeedRequest['by'], string> = {
  investigator: 'INV',
  pr: 'PR',
  secondPr: 'PR2',
  regulator: 'REG',
  admin: 'ADMIN',
};
/** The shell variable each generated id is kept in. */
const VARIABLES: Record<keyof typeof SEED_IDS, string> = {
  caseId: 'CASE',
  concernCaseId: 'CONCERN',
  notificationId: 'NOTIFICATION',
  supplementId: 'SUPPLEMENT',
  firstStatementId: 'CLAIM_STMT',
  statementId: 'STMT',
  englishStatementId: 'EN_STMT',
};
const WIDTH = 116;

const dateOf = (at: string) =>
  new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Seed ids replaced by what stands for them. */
export function withIds(text: string, idFor: (seedId: string, name: keyof typeof SEED_IDS) => string): string {
  return Object.entries(SEED_IDS).reduce(
    (replaced, [name, seedId]) => replaced.replaceAll(seedId, idFor(seedId, name as keyof typeof SEED_IDS)),
    text,
  );
}

/** JSON laid out to fit the width: what fits on its line (after `before` characters) stays compact. */
function layout(value: unknown, indent: number, before = indent): string {
  const compact = JSON.stringify(value);
  if (before + compact.length <= WIDTH || value === null || typeof value !== 'object') return compact;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) {
    const lines: string[] = [];
    for (const item of value.map((element) => layout(element, indent + 2))) {
      const last = lines.at(-1);
      if (last !== undefined && pad.length + last.length + item.length + 2 <= WIDTH)
        lines[lines.length - 1] += `, ${item}`;
      else lines.push(item);
    }
    return `[\n${lines.map((line) => pad + line).join(',\n')}\n${close}]`;
  }
  const entries = Object.entries(value).map(([key, item]) => {
    const name = `${pad}${JSON.stringify(key)}: `;
    return name + layout(item, indent + 2, name.length);
  });
  return `{\n${entries.join(',\n')}\n${close}}`;
}

function curl(request: SeedRequest): string {
  const variable = (_: string, name: keyof typeof SEED_IDS) => `$${VARIABLES[name]}`;
  const head = `curl -s -X ${request.method} $API${withIds(request.path, variable)} -H "Authorization: Bearer $${KEYS[request.by]}"`;
  const body = request.body && `  -d '${layout(request.body, 2).replaceAll("'", "'\\''")}'`;
  const command = body ? `${head} -H 'Content-Type: application/json' \\\n${body}` : head;
  const generated = request.generates;
  const line = generated ? `${VARIABLES[nameOf(generated.seedId)]}=$(${command} | jq -r .${generated.field})` : command;
  return `# ${dateOf(request.at)} — ${withIds(request.says, variable)}\n${line}`;
}

function nameOf(seedId: string): keyof typeof SEED_IDS {
  return Object.entries(SEED_IDS).find(([, id]) => id === seedId)![0] as keyof typeof SEED_IDS;
}

/** The tour: every request of the demo, then where to look. */
export function seedCaseTour(): string {
  return [
    'API=http://127.0.0.1:3100',
    ...seedRequests().map(curl),
    "# where to look: the case, the latest statement, the regulator's feed and its live stream",
    'curl -s "$API/v1/cases/$CASE/status?minVersion=2" -H "Authorization: Bearer $INV" | jq \'.stage, .deadlines\'',
    'curl -s "$API/v1/cases/$CASE/timeline" -H "Authorization: Bearer $INV" | jq',
    'curl -s "$API/v1/cases/$CASE/holding-statements/latest?language=id" -H "Authorization: Bearer $PR" -H \'Accept: text/markdown\'',
    'curl -s "$API/v1/feed?after=0" -H "Authorization: Bearer $REG" | jq',
    'curl -N $API/v1/feed/stream -H "Authorization: Bearer $REG" -H \'Last-Event-ID: 0\'',
  ].join('\n');
}
