import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEED_STORY, type SeedStep } from '#libs/domain';
import { runCli } from './support/cli.js';
import { api, eventually } from './support/http-client.js';
import { TEST_KEYS, TestStack } from './support/test-stack.js';

const FEED_COMMANDS: SeedStep['command'][] = [
  'NotifyRegulator',
  'SupplementRegulatorNotification',
  'RecordRegulatorAcknowledgement',
];

describe('CLI: demo, case export, regulators', () => {
  let stack: TestStack;
  let demoOutput: string;
  let seedCaseId: string;

  beforeAll(async () => {
    stack = await TestStack.start('cli');
    const demo = await runCli(stack.env, 'demo', '--keys', stack.env.BREACHLINE_API_KEYS_FILE, '--api', stack.apiUrl);
    expect(demo.stderr).toBe('');
    demoOutput = demo.stdout;
    seedCaseId = /report received: case ([0-9a-f-]{36})/.exec(demoOutput)?.[1] as string;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves the seed case at regulator-notified with a published holding statement and a feed item', async () => {
    expect(seedCaseId).toBeDefined();
    const status = await eventually(
      () => api(stack.apiUrl, 'GET', `/v1/cases/${seedCaseId}/status`, { key: TEST_KEYS.investigator }),
      (r) => r.body?.stage === 'regulator-notified',
    );
    expect(status.body.stage).toBe('regulator-notified');
    const statement = await eventually(
      () =>
        api(stack.apiUrl, 'GET', `/v1/cases/${seedCaseId}/holding-statements/latest?language=id`, {
          key: TEST_KEYS.pr,
        }),
      (r) => r.status === 200,
    );
    expect(statement.body).toMatchObject({ status: 'published', stale: false });
    expect(statement.body.text).toMatch(/279 juta/);
    const feed = await api(stack.apiUrl, 'GET', '/v1/feed', { key: TEST_KEYS.regulatorPdp });
    // The regulator's feed holds what the seed story addressed to it: its notification, supplement, acknowledgement.
    const toRegulator = SEED_STORY.filter((step) => FEED_COMMANDS.includes(step.command));
    expect(feed.body.events).toHaveLength(toRegulator.length);
    expect(demoOutput).toContain('Where to look');
  });

  it('closes the 2019 concern without notification', async () => {
    const concernId = /case ([0-9a-f-]{36}) triaged and closed/.exec(demoOutput)?.[1] as string;
    const status = await eventually(
      () => api(stack.apiUrl, 'GET', `/v1/cases/${concernId}/status`, { key: TEST_KEYS.investigator }),
      (r) => r.body?.stage === 'closed',
    );
    expect(status.body).toMatchObject({
      stage: 'closed',
      regulatorNotifications: [],
      closure: { resolution: 'false-report' },
    });
  });

  it('exports a case as JSON lines, one stored event per line, in version order', async () => {
    const exported = await runCli(stack.env, 'cases', 'export', seedCaseId);
    const events = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({
      type: 'ReportReceived',
      caseId: seedCaseId,
      actor: { name: 'ana', role: 'investigator' },
    });
    expect(events.map((e) => e.type)).toContain('HoldingStatementPublished');
    expect((await runCli(stack.env, 'cases', 'export', '00000000-0000-4000-8000-000000000000')).code).toBe(1);
  });

  it('lists the regulator registry with legal clocks', async () => {
    const listed = await runCli(stack.env, 'regulators', 'list');
    expect(listed.stdout).toMatch(
      /id-pdp\s+ID\s+72 hours from awareness\s+dataExposed,whenAndHow,handlingAndRecovery\s+feed/,
    );
    expect(listed.stdout).toMatch(/us-sec\s+US\s+4 business-days from materiality-determination/);
  });

  it('prints help for every command', async () => {
    const help = await runCli(stack.env, '--help');
    for (const command of ['keys', 'dlq', 'projections', 'regulators', 'cases', 'demo'])
      expect(help.stdout).toContain(command);
  });
});
