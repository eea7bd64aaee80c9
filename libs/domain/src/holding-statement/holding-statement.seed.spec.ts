import { describe, expect, it } from '@jest/globals';
import { composeHoldingStatement } from './compose.js';
import { checkStatementGuardrails } from './guardrails.js';
import {
  BPJS_KESEHATAN,
  SEED_CLAIM,
  SEED_CLOSED,
  SEED_NOW,
  SEED_REGULATORS_NOTIFIED,
  SEED_SAMPLE_VERIFIED,
  SEED_SOURCE_TRACED,
} from './holding-statement.fixtures.js';
import type { HoldingStatementFacts } from './holding-statement-types.js';
import { holdingStatementStage } from './render.js';

/** The press office of the seed case's organisation profile. */
const PRESS_OFFICE = BPJS_KESEHATAN.spokesperson!.email;

// Issue #5, done when: for the seed case at the sample-verified stage, the Indonesian statement
// carries in substance the four points of BPJS Kesehatan's own holding statement of 20 May 2021
// (279 million claimed against 222.4 million members; a special team tracing the source; layered
// protection of member data; coordination with the authorities) plus a next-update line, and
// contains no personal data.

const PERSONAL_DATA = [
  /(?<!\d)\d{16}(?!\d)/, // NIK
  /\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}/, // NPWP
  /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/, // card numbers (BPJS Noka is 13 digits)
  /\+?\d[\d ()-]{8,}\d/, // phone numbers
];

describe('the seed case at sample-verified, in Indonesian', () => {
  const statement = composeHoldingStatement(SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, { language: 'id', now: SEED_NOW });

  it('is at the sample-confirmed stage, built on the facts it was given', () => {
    expect(statement.stage).toBe('sample-confirmed');
    expect(statement.factsVersion).toBe(3);
    expect(statement.composedAt).toBe('2021-05-20T08:00:00.000Z');
    expect(statement.points).toHaveLength(5);
  });

  it('point 1 of BPJS: sets the alleged 279 million against 222.4 million members, as a claim', () => {
    const point = statement.points.find((p) => /222,4 juta/.test(p));
    expect(point).toMatch(/jumlah peserta BPJS Kesehatan per Mei 2021 sebanyak 222,4 juta/i);
    expect(point).toMatch(/279 juta yang diklaim/);
    expect(point).toMatch(/melebihi jumlah peserta/);
    expect(statement.points[0]).toMatch(/dugaan kebocoran 279 juta data yang diklaim berasal dari BPJS Kesehatan/);
  });

  it('states what the sample check found, with checkable figures', () => {
    expect(statement.text).toMatch(/100\.002 data sampel menemukan 100\.002 data yang cocok/);
    expect(statement.text).toMatch(/masih terus kami verifikasi/);
  });

  it('point 2 of BPJS: a special team tracing the source', () => {
    expect(statement.text).toMatch(/BPJS Kesehatan telah membentuk tim khusus untuk menelusuri sumber/);
  });

  it('point 3 of BPJS: layered protection of member data', () => {
    expect(statement.text).toMatch(/melindungi data peserta dan menerapkan pengamanan data berlapis/);
  });

  it('point 4 of BPJS: coordination with the related parties', () => {
    expect(statement.text).toMatch(/berkoordinasi dengan pihak-pihak terkait/);
  });

  it('ends with the next update (24 hours on, in WIB) and the press office', () => {
    expect(statement.points.at(-1)).toBe(
      'Informasi terbaru akan kami sampaikan paling lambat 21 Mei 2021 pukul 15.00 WIB. ' +
        `Pertanyaan media dapat disampaikan kepada Humas BPJS Kesehatan, ${PRESS_OFFICE}.`,
    );
    expect(statement.nextUpdateDueAt).toBe('2021-05-21T08:00:00.000Z');
  });

  it('contains no personal data, and no email but the press office', () => {
    for (const pattern of PERSONAL_DATA) expect(statement.text).not.toMatch(pattern);
    expect(statement.text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)).toEqual([PRESS_OFFICE]);
  });

  it('says nothing of where the claim was posted, the seller, the vector or encryption', () => {
    expect(statement.text).not.toMatch(/raidforums|kotz|http|www\./i);
    expect(statement.text).not.toMatch(/enkrip|vendor|peretas|hacker/i);
  });

  it('passes every guardrail', () => {
    expect(
      checkStatementGuardrails(statement, SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, { language: 'id', now: SEED_NOW }),
    ).toEqual([]);
  });
});

describe('the seed case at sample-verified, in English', () => {
  const statement = composeHoldingStatement(SEED_SAMPLE_VERIFIED, BPJS_KESEHATAN, { language: 'en', now: SEED_NOW });

  it('carries the same four points and the next update', () => {
    expect(statement.text).toMatch(/alleged leak of 279 million records claimed to come from BPJS Kesehatan/);
    expect(statement.text).toMatch(
      /222\.4 million members as of May 2021, so the claimed figure of 279 million exceeds/,
    );
    expect(statement.text).toMatch(/100,002 records found 100,002 records that match/);
    expect(statement.text).toMatch(/special team to trace the source/);
    expect(statement.text).toMatch(/layered data protection/);
    expect(statement.text).toMatch(/coordinating with the relevant parties and authorities/);
    expect(statement.points.at(-1)).toMatch(
      /^We will provide the next update by 21 May 2021, 15:00 WIB at the latest\./,
    );
  });
});

describe('the seed case through its lifecycle', () => {
  const compose = (facts: HoldingStatementFacts, includeSourceDetails = false) =>
    composeHoldingStatement(facts, BPJS_KESEHATAN, { language: 'id', now: SEED_NOW, includeSourceDetails });

  it('claim: says it is verifying, names no finding', () => {
    const statement = compose(SEED_CLAIM);
    expect(statement.stage).toBe('claim');
    expect(statement.text).toMatch(/sedang memverifikasi kebenaran informasi tersebut/);
    expect(statement.text).not.toMatch(/terkonfirmasi|cocok/);
  });

  it('source traced: says the likely source was found, without naming system, vector or containment detail', () => {
    const statement = compose(SEED_SOURCE_TRACED);
    expect(statement.stage).toBe('source-traced');
    expect(statement.text).toMatch(/kemungkinan sumber kejadian ini/);
    expect(statement.text).toMatch(/membatasi dampaknya telah dilakukan/);
    expect(statement.text).not.toMatch(/Legacy membership export server|kredensial|vendor|7731|Export endpoint/i);
  });

  it('source traced with source details explicitly included: names them', () => {
    const statement = compose(SEED_SOURCE_TRACED, true);
    expect(statement.text).toMatch(
      /Sumber tersebut berkaitan dengan Legacy membership export server, melalui penggunaan kredensial akses yang dicuri, yang melibatkan vendor atau mitra\./,
    );
    expect(statement.text).not.toMatch(/7731|Export endpoint/);
  });

  it('regulators notified: names the regulator', () => {
    const statement = compose(SEED_REGULATORS_NOTIFIED);
    expect(statement.stage).toBe('regulators-notified');
    expect(statement.text).toMatch(/telah melaporkan kejadian ini kepada Kementerian Komunikasi dan Informatika/);
  });

  it('closed: says the resolution plainly and promises no dated update', () => {
    const statement = compose(SEED_CLOSED);
    expect(statement.stage).toBe('closed');
    expect(statement.text).toMatch(/Penanganan kejadian ini telah selesai/);
    expect(statement.nextUpdateDueAt).toBeUndefined();
    expect(statement.points.at(-1)).toMatch(
      /^Informasi lebih lanjut akan kami sampaikan apabila terdapat perkembangan baru\./,
    );
  });

  it('mentions encryption only once it is recorded as fact', () => {
    expect(compose(SEED_SAMPLE_VERIFIED).text).not.toMatch(/enkripsi/);
    expect(compose({ ...SEED_SAMPLE_VERIFIED, recordedFacts: { encryptionAtRest: true } }).text).toMatch(
      /Data peserta yang kami simpan dilindungi dengan enkripsi\./,
    );
  });
});

describe('stage precedence', () => {
  const notOurs = { ...SEED_SAMPLE_VERIFIED.sample!, verdict: 'not-ours' as const };

  it.each([
    ['claim', SEED_CLAIM],
    ['sample-confirmed', SEED_SAMPLE_VERIFIED],
    ['sample-not-ours', { ...SEED_CLAIM, sample: notOurs }],
    ['sample-inconclusive', { ...SEED_CLAIM, sample: { ...notOurs, verdict: 'inconclusive' as const } }],
    ['source-traced', SEED_SOURCE_TRACED],
    ['regulators-notified', SEED_REGULATORS_NOTIFIED],
    ['regulators-notified', { ...SEED_REGULATORS_NOTIFIED, sourceTrace: undefined }],
    ['closed', SEED_CLOSED],
    ['closed', { ...SEED_CLAIM, closure: { resolution: 'false-report' as const, closedAt: '2021-05-22T00:00:00Z' } }],
    // A trace or notification does not advance the stage past a sample that is not confirmed.
    ['sample-not-ours', { ...SEED_REGULATORS_NOTIFIED, sample: notOurs }],
    ['claim', { ...SEED_CLAIM, sourceTrace: SEED_SOURCE_TRACED.sourceTrace }],
  ])('%s', (stage, facts) => {
    expect(holdingStatementStage(facts)).toBe(stage);
  });

  it('still names notified regulators when a later check found the data not ours', () => {
    const statement = composeHoldingStatement({ ...SEED_REGULATORS_NOTIFIED, sample: notOurs }, BPJS_KESEHATAN, {
      language: 'en',
      now: SEED_NOW,
    });
    expect(statement.text).toMatch(/does not come from BPJS Kesehatan/);
    expect(statement.text).toMatch(/Kementerian Komunikasi dan Informatika/);
    expect(statement.text).not.toMatch(/source of this incident/);
  });
});
