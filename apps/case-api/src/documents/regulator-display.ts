import type { Jurisdiction, RegulatorDefinition } from '#libs/domain';
import type { DocumentLanguage } from './document-model.js';

/** A regulator reads its letters in its own language: Indonesian for Indonesian regulators, English elsewhere. */
export const regulatorLanguage = (definition: RegulatorDefinition): DocumentLanguage =>
  definition.jurisdiction === 'ID' ? 'id' : 'en';

/** Where each jurisdiction's regulators sit; their letters are dated in that zone. */
const REGULATOR_TIME_ZONES: Record<Jurisdiction, string> = {
  ID: 'Asia/Jakarta',
  EU: 'Europe/Brussels',
  SG: 'Asia/Singapore',
  AU: 'Australia/Sydney',
  US: 'America/New_York',
};

export const regulatorTimeZone = (definition: RegulatorDefinition): string =>
  REGULATOR_TIME_ZONES[definition.jurisdiction];
