import type { OrganisationProfile } from '#libs/domain';

/** The organisation's name and its official contact, as every document is headed. */
export function organisationLetterhead(profile: OrganisationProfile): { name: string; lines: string[] } {
  const { name, email, phone } = profile.spokesperson ?? {};
  return { name: profile.name, lines: [name, email, phone].filter((line): line is string => Boolean(line)) };
}
