export type Role = 'investigator' | 'pr' | 'regulator' | 'admin';

/** Who issued a command: the API key's name and role, never the key itself. */
export interface Actor {
  readonly name: string;
  readonly role: Role;
  readonly regulatorId?: string;
}
