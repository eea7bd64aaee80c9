import { describe, expect, it } from '@jest/globals';
import { CASE_TIMELINE_COLLECTION } from './case-timeline.projection.js';
import { READ_MODEL_NAMES, READ_MODELS } from './read-model-set.js';

describe('the read model set', () => {
  it('lists each read model once, under the name its projection writes to by default', () => {
    expect(READ_MODELS.map((model) => model.name)).toEqual([...READ_MODEL_NAMES]);
    for (const model of READ_MODELS) {
      const defaultCollection = model.kind === 'case-document' ? model.projection.name : CASE_TIMELINE_COLLECTION;
      expect(defaultCollection).toBe(model.name);
    }
  });

  it('gives every index of a read model its own name', () => {
    for (const model of READ_MODELS) {
      const names = model.indexes.map((index) => index.options.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
