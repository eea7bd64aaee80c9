import type { Jurisdiction } from './vocabulary.js';

/** Only what decisions need; read models hold the rest. */
export type CaseState =
  | { status: 'absent' }
  | {
      status: 'open';
      caseId: string;
      jurisdictions: Jurisdiction[];
    };

export const initialCaseState = (): CaseState => ({ status: 'absent' });
