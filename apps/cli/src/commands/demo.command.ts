import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SEED_IDS } from '#libs/domain';
import type { SeedRequest } from './seed-case.requests.js';
import { seedRequests } from './seed-case.requests.js';
import { seedCaseTour, withIds } from './seed-case.tour.js';

interface DemoKey {
  key: string;
  role: string;
  name: string;
  regulatorId?: string;
}

const dateOf = (at: string) =>
  new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The seed case of ../shared/DOMAIN.md (libs/domain/src/seed-case): its steps, sent to the running API in order. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('replay the May 2021 seed case and the 2019 concern through the running API, then print where to look')
    .option('--keys <file>', 'API keys file (BREACHLINE_API_KEYS_FILE format)', join('.local', 'demo-keys.json'))
    .option('--api <url>', 'case-api URL', process.env.BREACHLINE_API_URL ?? 'http://127.0.0.1:3100')
    .option('--curl', "print the same requests as curl commands (the README's tour) instead of sending them")
    .action(async (options: { keys: string; api: string; curl?: boolean }) => {
      if (options.curl) {
        console.log(seedCaseTour());
        return;
      }
      const keys = JSON.parse(await readFile(options.keys, 'utf8')) as DemoKey[];
      const keyOf = (role: string, nth = 0) => {
        const key = keys.filter((k) => k.role === role)[nth];
        if (!key)
          throw new Error(
            `${options.keys} has no ${nth === 0 ? '' : 'second '}${role} key (npm start creates demo keys)`,
          );
        return key;
      };
      const senders: Record<SeedRequest['by'], DemoKey> = {
        investigator: keyOf('investigator'),
        pr: keyOf('pr'),
        secondPr: keyOf('pr', 1),
        admin: keyOf('admin'),
        regulator: keys.find((k) => k.role === 'regulator' && k.regulatorId === 'id-pdp') ?? keyOf('regulator'),
      };

      const call = async (who: DemoKey, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${options.api}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${who.key}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        const answer = (await response.json()) as Record<string, unknown>;
        if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${String(answer.detail ?? '')}`);
        return answer;
      };

      // The feed is a read model: the regulator sees a notification once the projector has caught up.
      const feedWith = async (count: number) => {
        let feed: { events?: unknown[] } = {};
        for (let attempt = 0; attempt < 50 && (feed.events?.length ?? 0) < count; attempt++) {
          feed = await call(senders.regulator, 'GET', '/v1/feed');
          if ((feed.events?.length ?? 0) < count) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return feed.events?.length ?? 0;
      };

      // The API generates the ids: each seed id stands for the one the API answered with.
      const ids = new Map<string, string>();
      const actual = (text: string) => withIds(text, (seedId) => ids.get(seedId) ?? seedId);
      for (const request of seedRequests()) {
        if (request.by === 'regulator') await feedWith(1);
        const answer = await call(senders[request.by], request.method, actual(request.path), request.body);
        if (request.generates) ids.set(request.generates.seedId, String(answer[request.generates.field]));
        console.log(`• ${dateOf(request.at)} — ${actual(request.says)}`);
      }

      console.log(`• the PDP agency's feed holds ${await feedWith(1)} item(s)`);

      const casePath = actual(`/v1/cases/${SEED_IDS.caseId}`);
      console.log(`\nWhere to look (keys in ${options.keys}):
  curl -H "Authorization: Bearer <investigator key>" ${options.api}${casePath}/status
  curl -H "Authorization: Bearer <investigator key>" ${options.api}${casePath}/timeline
  curl -H "Authorization: Bearer <pr key>" -H "Accept: text/markdown" "${options.api}${casePath}/holding-statements/latest?language=id"
  curl -H "Authorization: Bearer <regulator key>" ${options.api}/v1/feed
  ${options.api}/docs`);
    });
}
