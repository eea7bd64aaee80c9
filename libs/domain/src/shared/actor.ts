/** The role an API key grants. */
export type Role = 'investigator' | 'pr' | 'regulator' | 'admin';

/** A key's role, or `system` for the apps' own jobs (retention): no API key can hold it. */
export type ActorRole = Role | 'system';

/** Who issued a command: the API key's name and role (never the key itself), or a job of the system. */
export interface Actor {
  readonly name: string;
  readonly role: ActorRole;
  readonly regulatorId?: string;
}
