import { describe, expect, it } from '@jest/globals';
import { CASE_TIMELINE_COLLECTION } from './case-timeline.projection.js';
import { collectionNameFor, CURRENT_COLLECTIONS, READ_MODEL_NAMES, READ_MODELS } from './read-model-set.js';

describe('the read model set', () => {
  it('lists each read model once, under the name its projection writes to by default', () => {
    expect(READ_MODELS.map((model) => model.name)).toEqual([...READ_MODEL_NAMES]);
    for (const model of READ_MODELS) {
      const defaultCollection = model.kind === 'case-document' ? model.projection.name : CASE_TIMELINE_COLLECTION;
      expect(defaultCollection).toBe(model.name);
    }
  });

  it('keeps the plain collection names at projection version 1 and suffixes later versions', () => {
    expect(collectionNameFor('case_status', 1)).toBe('case_status');
    expect(collectionNameFor('case_status', 2)).toBe('case_status_v2');
    expect(collectionNameFor('case_timeline', 13)).toBe('case_timeline_v13');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses projection version %p', (version) => {
    expect(() => collectionNameFor('case_list', version)).toThrow(RangeError);
  });

  it('points at the collections of the current projection versions', () => {
    expect(CURRENT_COLLECTIONS).toEqual({
      case_status: 'case_status',
      case_list: 'case_list',
      case_timeline: 'case_timeline',
    });
  });

  it('gives every index of a read model its own name', () => {
    for (const model of READ_MODELS) {
      const names = model.indexes.map((index) => index.options.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
