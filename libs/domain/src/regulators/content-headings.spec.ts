import { describe, expect, it } from '@jest/globals';
import { contentHeading } from './content-headings.js';
import { DEFAULT_REGULATORS } from './default-regulators.js';

const regulator = (id: string) => DEFAULT_REGULATORS.find((r) => r.id === id)!;
const headings = (id: string, language: 'id' | 'en') =>
  regulator(id).requiredContent.map((c) => contentHeading(regulator(id), c.field, language));

describe('required content under the headings of the law', () => {
  it('every seeded regulator’s every required field has its own Indonesian heading', () => {
    for (const definition of DEFAULT_REGULATORS) {
      for (const { field, label } of definition.requiredContent) {
        expect([definition.id, field, contentHeading(definition, field, 'id').label]).not.toEqual([
          definition.id,
          field,
          label,
        ]);
      }
    }
  });

  it('UU PDP Art. 46(2) letters a–c, in Indonesian and English', () => {
    expect(headings('id-pdp', 'id')).toEqual([
      { provision: 'Pasal 46 ayat (2) huruf a', label: 'Data Pribadi yang terungkap' },
      { provision: 'Pasal 46 ayat (2) huruf b', label: 'Kapan dan bagaimana Data Pribadi terungkap' },
      {
        provision: 'Pasal 46 ayat (2) huruf c',
        label: 'Upaya penanganan dan pemulihan atas terungkapnya Data Pribadi',
      },
    ]);
    expect(headings('id-pdp', 'en').map((h) => h.provision)).toEqual([
      'Art. 46(2)(a)',
      'Art. 46(2)(b)',
      'Art. 46(2)(c)',
    ]);
  });

  it('GDPR Art. 33(3) points a–d in the order of the article, under the registry’s English labels', () => {
    expect(headings('eu-lead-sa', 'en')).toEqual([
      { provision: 'Art. 33(3)(a)', label: 'Nature of the breach' },
      { provision: 'Art. 33(3)(a)', label: 'Categories and approximate numbers' },
      { provision: 'Art. 33(3)(b)', label: 'DPO / contact point' },
      { provision: 'Art. 33(3)(c)', label: 'Likely consequences' },
      { provision: 'Art. 33(3)(d)', label: 'Measures taken or proposed' },
    ]);
  });

  it('a regulator an admin added, or a field no law lists, keeps the label or the field name', () => {
    const custom = { ...regulator('id-pdp'), id: 'id-custom', requiredContent: [{ field: 'leak', label: 'The leak' }] };
    expect(contentHeading(custom, 'leak', 'id')).toEqual({ label: 'The leak' });
    expect(contentHeading(regulator('id-pdp'), 'internalReference', 'id')).toEqual({ label: 'internalReference' });
  });
});
