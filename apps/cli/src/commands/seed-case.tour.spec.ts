import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SEED_STORY } from '#libs/domain';
import { seedRequests } from './seed-case.requests.js';
import { seedCaseTour } from './seed-case.tour.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'README.md'), 'utf8');

/** The first sh block after the heading. */
function tourInReadme(): string {
  const section = README.slice(README.indexOf('### A tour with curl'));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('README.md has no sh block under "### A tour with curl"');
  return block[1];
}

describe("the README's tour", () => {
  it('is what `npm run cli -- demo --curl` prints from the seed case (after a change: paste its output)', () => {
    expect(tourInReadme()).toBe(seedCaseTour());
  });

  it('sends every body of the seed story unchanged, in order', () => {
    const bodies = [...tourInReadme().matchAll(/-d '([\s\S]*?)'(?: \| jq|\n|$)/g)].map((match) => JSON.parse(match[1]));
    expect(bodies).toEqual(seedRequests().flatMap((request) => (request.body ? [request.body] : [])));
    expect(seedRequests()).toHaveLength(SEED_STORY.length + 1);
  });
});
