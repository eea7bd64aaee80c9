import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REGULATORS, type RegulatorDefinition, regulatorName } from '#libs/domain';
import { CANARY, caseEvents, ORGANISATION, statusOf, textOf } from './documents.fixtures.js';
import { composeNotificationLetter, type LetterFacts } from './notification-letter.composer.js';

const regulator = (id: string) => DEFAULT_REGULATORS.find((r) => r.id === id) as RegulatorDefinition;
const status = statusOf(caseEvents());
const factsFor = (notificationId: string): LetterFacts => {
  const notification = status.regulatorNotifications.find((n) => n.notificationId === notificationId)!;
  return { status, notification, regulator: regulator(notification.regulatorId), organisation: ORGANISATION };
};
const positions = (text: string, phrases: string[]) => phrases.map((p) => text.indexOf(p));
const expectInOrder = (text: string, phrases: string[]) => {
  const at = positions(text, phrases);
  expect(phrases.filter((_, i) => at[i] < 0)).toEqual([]);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
};

describe('the regulator’s notification letter', () => {
  it('given a UU PDP notification, when composed in the regulator’s language, then Art. 46(2) a–c head the content in order', () => {
    const text = textOf(composeNotificationLetter(factsFor('n-pdp'), 'id'));
    expectInOrder(text, [
      ORGANISATION.name,
      ORGANISATION.spokesperson.email,
      'Pemberitahuan Kegagalan Pelindungan Data Pribadi',
      `Kepada: ${regulatorName(regulator('id-pdp'), 'id')}`,
      'Disampaikan pada: 22 Mei 2021 pukul 19.00 WIB',
      'Jumlah data yang diklaim: 279 juta',
      'Jumlah data yang terkonfirmasi: 100.002 dari 100.002 data sampel cocok dengan data kami',
      'Pasal 46 ayat (2) huruf a — Data Pribadi yang terungkap',
      'NIK, nama, nomor telepon.',
      'Pasal 46 ayat (2) huruf b — Kapan dan bagaimana Data Pribadi terungkap',
      'Pasal 46 ayat (2) huruf c — Upaya penanganan dan pemulihan atas terungkapnya Data Pribadi',
      'Informasi tambahan',
      'internalReference',
      'BPJS-IR-7',
      'Susulan 1 — 23 Mei 2021 pukul 15.00 WIB',
      'Alasan keterlambatan: Sumber baru diketahui.',
      'Pasal 46 ayat (2) huruf b — Kapan dan bagaimana Data Pribadi terungkap: Sumber ditelusuri.',
      'Susulan 2 — 24 Mei 2021 pukul 15.00 WIB',
      'Keamanan berlapis diperkuat.',
      'Diterima oleh regulator pada 24 Mei 2021 pukul 16.00 WIB.',
      'Nomor referensi: PDP/2021/1',
    ]);
  });

  it('given a GDPR notification, when composed, then Art. 33(3)(a)–(d) in order, the DPO contact, dates in Brussels time', () => {
    const letter = composeNotificationLetter(factsFor('n-eu'), 'en');
    const text = textOf(letter);
    expectInOrder(text, [
      'Notification of a personal data breach',
      'Notified: 22 May 2021, 15:00 UTC+2',
      'Records claimed: 279 million',
      'Art. 33(3)(a) — Nature of the breach',
      'Art. 33(3)(a) — Categories and approximate numbers',
      'Art. 33(3)(b) — DPO / contact point',
      CANARY.dpo,
      'Art. 33(3)(c) — Likely consequences',
      'Art. 33(3)(d) — Measures taken or proposed',
      'No supplements sent.',
      'Not yet acknowledged by the regulator.',
    ]);
    expect(letter.info.createdAt.toISOString()).toBe('2021-05-22T13:00:00.000Z');
  });

  it('carries nothing of the case beyond its own notification: no investigator, notes, other regulator, source address', () => {
    const text = textOf(composeNotificationLetter(factsFor('n-pdp'), 'id'));
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
    expect(text).not.toContain('forum.example');
    expect(text).not.toContain('Offered for sale.');
  });

  it('is dated by the notification’s last change, and shows its clock when one runs', () => {
    const facts = factsFor('n-pdp');
    const letter = composeNotificationLetter(
      {
        ...facts,
        deadline: { regulatorId: 'id-pdp', regulatorName: 'x', state: 'met', dueAt: '2021-05-24T10:00:00.000Z' },
      },
      'en',
    );
    expect(letter.info.createdAt.toISOString()).toBe('2021-05-24T09:00:00.000Z');
    expect(textOf(letter)).toContain('Due: 24 May 2021, 17:00 WIB\nDeadline: met');
  });

  it('an admin-added regulator’s fields are headed by their labels in both languages', () => {
    const custom: RegulatorDefinition = {
      ...regulator('id-pdp'),
      id: 'id-custom',
      requiredContent: [{ field: 'dataExposed', label: 'What leaked' }],
    };
    const text = textOf(composeNotificationLetter({ ...factsFor('n-pdp'), regulator: custom }, 'id'));
    expect(text).toContain('What leaked');
    expect(text).not.toContain('Pasal 46');
  });
});
