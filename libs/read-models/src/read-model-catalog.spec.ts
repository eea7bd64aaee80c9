import { describe, expect, it } from '@jest/globals';
import { generationCollection } from './read-model-catalog.js';

describe('read model generations', () => {
  it('keeps the plain collection name for the first generation and suffixes rebuilt ones', () => {
    expect(generationCollection('case_status', 1)).toBe('case_status');
    expect(generationCollection('case_status', 2)).toBe('case_status_g2');
    expect(generationCollection('case_timeline', 13)).toBe('case_timeline_g13');
  });
});
