import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';

interface DemoKey {
  key: string;
  role: string;
  name: string;
  regulatorId?: string;
}

const BPJS = {
  name: 'BPJS Kesehatan',
  memberCount: { count: 222_400_000, asOf: '2021-05', noun: 'members' },
  spokesperson: { name: 'Humas BPJS Kesehatan', email: 'humas@bpjs-kesehatan.example' },
  nextUpdateWithinHours: 24,
  timeZone: 'Asia/Jakarta',
};

/** The seed case of ../shared/DOMAIN.md (May 2021) and the 2019 concern, as an investigator, PR and a regulator would record them. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('replay the May 2021 seed case and the 2019 concern through the running API, then print where to look')
    .option('--keys <file>', 'API keys file (BREACHLINE_API_KEYS_FILE format)', join('.local', 'demo-keys.json'))
    .option('--api <url>', 'case-api URL', process.env.BREACHLINE_API_URL ?? 'http://127.0.0.1:3100')
    .action(async (options: { keys: string; api: string }) => {
      const keys = JSON.parse(await readFile(options.keys, 'utf8')) as DemoKey[];
      const keyOf = (role: string, nth = 0) => {
        const key = keys.filter((k) => k.role === role)[nth];
        if (!key)
          throw new Error(
            `${options.keys} has no ${nth === 0 ? '' : 'second '}${role} key (npm start creates demo keys)`,
          );
        return key;
      };
      const investigator = keyOf('investigator');
      const pr = keyOf('pr');
      const secondPr = keyOf('pr', 1);
      const admin = keyOf('admin');
      const regulator = keys.find((k) => k.role === 'regulator' && k.regulatorId === 'id-pdp') ?? keyOf('regulator');

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
      const step = (text: string) => console.log(`• ${text}`);

      await call(admin, 'PUT', '/v1/organisation-profile', BPJS);
      step('organisation profile: BPJS Kesehatan, 222.4 million members (May 2021)');

      const { caseId } = await call(investigator, 'POST', '/v1/cases', {
        title: 'Alleged sale of data of 279 million Indonesians on an online forum',
        jurisdictions: ['ID'],
        report: {
          receivedAt: '2021-05-20T03:00:00Z',
          channel: 'social-media',
          summary:
            'Posts allege that data of 279 million Indonesians, including deceased, is for sale; a free sample is offered.',
          claimedRecordCount: 279_000_000,
          dataCategories: [
            'national-id',
            'name',
            'phone',
            'address',
            'email',
            'tax-id',
            'birth-place-date',
            'gender',
            'photo',
            'family-members',
            'salary',
            'card-number',
            'office-code',
            'dependants',
            'payment-status',
          ],
        },
      });
      step(`20 May 2021 — report received: case ${String(caseId)}`);
      const casePath = `/v1/cases/${String(caseId)}`;
      await call(investigator, 'POST', `${casePath}/sample-verifications`, {
        verifiedAt: '2021-05-21T10:00:00Z',
        sampleSize: 100_002,
        matchedRecords: 100_002,
        confirmedDataCategories: [
          'national-id',
          'name',
          'phone',
          'address',
          'card-number',
          'office-code',
          'payment-status',
        ],
        method:
          'Format and membership check of the free sample (Kominfo found 100,002 rows, not the 1 million claimed)',
        verdict: 'confirmed',
      });
      step('21 May 2021 — sample verified: 100,002 rows match member formats (confirmed)');
      await call(investigator, 'POST', `${casePath}/source-traces`, {
        tracedAt: '2021-05-21T14:00:00Z',
        sourceSystem: 'under investigation',
        vector: 'unknown',
        confidence: 'low',
        summary: 'Special team tracing the source; download links taken down.',
      });
      step('21 May 2021 — source tracing under way, download links taken down');
      const { notificationId } = await call(investigator, 'POST', `${casePath}/regulator-notifications`, {
        regulatorId: 'id-pdp',
        notifiedAt: '2021-05-21T16:00:00Z',
        content: {
          dataExposed: 'Member identity data: NIK, name, phone, address, card number, office code, payment status.',
          whenAndHow: 'Offered for sale on an online forum around 20 May 2021; the source is being traced.',
          handlingAndRecovery: 'Special team formed, download links taken down, layered security reinforced.',
        },
      });
      step(`21 May 2021 — Indonesian PDP agency notified (notification ${String(notificationId)})`);
      for (const language of ['id', 'en']) {
        const { statementId } = await call(pr, 'POST', `${casePath}/holding-statements`, { language });
        await call(secondPr, 'POST', `${casePath}/holding-statements/${String(statementId)}/approval`);
        await call(secondPr, 'POST', `${casePath}/holding-statements/${String(statementId)}/publication`);
        step(`holding statement (${language}) drafted by ${pr.name}, approved and published by ${secondPr.name}`);
      }

      const concern = await call(investigator, 'POST', '/v1/cases', {
        title: 'Concern: cooperation with a foreign insurer could expose member data',
        jurisdictions: ['ID'],
        report: {
          receivedAt: '2019-08-12T02:00:00Z',
          channel: 'media',
          summary:
            'Press and watchdogs warn that a proposed cooperation with a foreign insurer could expose member data.',
          dataCategories: [],
        },
      });
      await call(investigator, 'POST', `/v1/cases/${String(concern.caseId)}/closure`, {
        closedAt: '2019-08-14T02:00:00Z',
        resolution: 'false-report',
        note: 'A concern about a proposed cooperation, not a breach: triaged, no data exposed, no notification due.',
      });
      step(
        `Aug 2019 — a concern, not a breach: case ${String(concern.caseId)} triaged and closed without notification`,
      );

      let feed: { events?: unknown[] } = {};
      for (let attempt = 0; attempt < 50 && !feed.events?.length; attempt++) {
        feed = await call(regulator, 'GET', '/v1/feed');
        if (!feed.events?.length) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      step(`the PDP agency's feed holds ${feed.events?.length ?? 0} item(s)`);

      console.log(`\nWhere to look (keys in ${options.keys}):
  curl -H "Authorization: Bearer <investigator key>" ${options.api}${casePath}/status
  curl -H "Authorization: Bearer <investigator key>" ${options.api}${casePath}/timeline
  curl -H "Authorization: Bearer <pr key>" -H "Accept: text/markdown" "${options.api}${casePath}/holding-statements/latest?language=id"
  curl -H "Authorization: Bearer <regulator key>" ${options.api}/v1/feed
  ${options.api}/docs`);
    });
}
