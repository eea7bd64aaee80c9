import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REGULATORS, findRegulator } from './default-regulators.js';
import { validateNotificationContent, validateRegulatorDefinition } from './regulator-validation.js';

const valid = {
  id: 'br-anpd',
  name: 'Autoridade Nacional de Proteção de Dados',
  jurisdiction: 'EU',
  legalBasis: 'Example law Art. 1',
  deadline: {
    amount: 3,
    unit: 'business-days',
    clockStartsAt: 'awareness',
    description: '3 business days',
  },
  requiredContent: [
    { field: 'nature', label: 'Nature', description: 'What happened' },
    { field: 'contact', label: 'Contact' },
  ],
  delivery: { mode: 'webhook', url: 'https://regulator.example/hooks/breach' },
};
const errorsOf = (raw: unknown) => {
  const result = validateRegulatorDefinition(raw);
  return result.ok ? [] : result.errors;
};

describe('the seed registry', () => {
  it('holds the seven rows of the legal clocks table, each a valid definition', () => {
    expect(DEFAULT_REGULATORS.map((r) => r.id)).toEqual([
      'id-pdp',
      'id-kominfo-pm20',
      'eu-lead-sa',
      'sg-pdpc',
      'au-oaic',
      'us-hhs',
      'us-sec',
    ]);
    for (const regulator of DEFAULT_REGULATORS) {
      expect(validateRegulatorDefinition(regulator)).toEqual({
        ok: true,
        regulator,
      });
    }
  });

  it('is plain JSON: it survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_REGULATORS))).toEqual(DEFAULT_REGULATORS);
  });

  it('finds a regulator by id, and nothing for an unknown id', () => {
    expect(findRegulator(DEFAULT_REGULATORS, 'us-sec')?.deadline.unit).toBe('business-days');
    expect(findRegulator(DEFAULT_REGULATORS, 'komdigi')).toBeUndefined();
  });
});

describe('notification content against the regulator law', () => {
  const gdpr = findRegulator(DEFAULT_REGULATORS, 'eu-lead-sa')!;

  it('given blank and absent required fields, then both are missing, in the regulator order', () => {
    const check = validateNotificationContent(gdpr, {
      nature: 'Exfiltration',
      categoriesAndApproxNumbers: '   ',
      likelyConsequences: 'Phishing',
      measures: 'Credentials rotated',
    });
    expect(check).toEqual({
      missing: ['categoriesAndApproxNumbers', 'dpoContact'],
      unknown: [],
    });
  });

  it('given extra fields, then they are allowed and reported as unknown', () => {
    const sec = findRegulator(DEFAULT_REGULATORS, 'us-sec')!;
    const check = validateNotificationContent(sec, {
      materialIncidentDescription: 'a',
      materialImpact: 'b',
      filer: 'c',
    });
    expect(check).toEqual({ missing: [], unknown: ['filer'] });
  });

  it('given a field inherited from the prototype, then it does not count as present', () => {
    const hhs = findRegulator(DEFAULT_REGULATORS, 'us-hhs')!;
    const content = Object.create({ whatHappened: 'inherited' }) as Record<string, string>;
    expect(validateNotificationContent(hhs, content).missing).toContain('whatHappened');
  });
});

describe('regulator definitions from the admin endpoint and the CLI', () => {
  it('given a valid definition, then it is accepted as a copy of its known fields', () => {
    const result = validateRegulatorDefinition(valid);
    expect(result).toEqual({ ok: true, regulator: valid });
    expect(result.ok && result.regulator).not.toBe(valid);
  });

  it('given appliesWhen, then it is kept; an empty appliesWhen is dropped', () => {
    const withMin = validateRegulatorDefinition({
      ...valid,
      appliesWhen: { minAffectedSubjects: 500 },
    });
    expect(withMin.ok && withMin.regulator.appliesWhen).toEqual({
      minAffectedSubjects: 500,
    });
    const empty = validateRegulatorDefinition({ ...valid, appliesWhen: {} });
    expect(empty.ok && 'appliesWhen' in empty.regulator).toBe(false);
  });

  it.each([null, [], 'regulator', 42])('given %p, then it is refused as not an object', (raw) => {
    expect(errorsOf(raw)).toEqual(['regulator must be a JSON object']);
  });

  it.each([
    ['an id with capitals', { id: 'ID-PDP' }, 'id must be'],
    ['a one-letter id', { id: 'a' }, 'id must be'],
    ['an id with a dot', { id: 'id.pdp' }, 'id must be'],
    ['a blank name', { name: ' ' }, 'name is required text'],
    ['an unknown jurisdiction', { jurisdiction: 'BR' }, 'jurisdiction must be one of: ID, EU, SG, AU, US'],
    ['no legal basis', { legalBasis: undefined }, 'legalBasis is required text'],
    ['no deadline', { deadline: undefined }, 'deadline must be an object'],
    [
      'a zero amount',
      { deadline: { ...valid.deadline, amount: 0 } },
      'deadline.amount must be a whole number from 1 to 8760',
    ],
    ['a fractional amount', { deadline: { ...valid.deadline, amount: 1.5 } }, 'deadline.amount'],
    ['an amount over a year of hours', { deadline: { ...valid.deadline, amount: 8761 } }, 'deadline.amount'],
    ['an amount as text', { deadline: { ...valid.deadline, amount: '72' } }, 'deadline.amount'],
    ['an unknown unit', { deadline: { ...valid.deadline, unit: 'weeks' } }, 'deadline.unit must be one of'],
    [
      'an unknown clock start',
      { deadline: { ...valid.deadline, clockStartsAt: 'publication' } },
      'deadline.clockStartsAt must be one of',
    ],
    [
      'no deadline description',
      { deadline: { ...valid.deadline, description: '' } },
      'deadline.description is required text',
    ],
    ['empty required content', { requiredContent: [] }, 'requiredContent must be a non-empty list'],
    [
      'a content field with a dot',
      { requiredContent: [{ field: 'data.exposed', label: 'x' }] },
      'requiredContent[0].field must be camelCase',
    ],
    [
      'a content field with a $',
      { requiredContent: [{ field: '$where', label: 'x' }] },
      'requiredContent[0].field must be camelCase',
    ],
    [
      'a kebab content field',
      { requiredContent: [{ field: 'data-exposed', label: 'x' }] },
      'requiredContent[0].field must be camelCase',
    ],
    [
      'a duplicate content field',
      {
        requiredContent: [
          { field: 'nature', label: 'a' },
          { field: 'nature', label: 'b' },
        ],
      },
      'requiredContent[1].field nature is listed twice',
    ],
    [
      'a content field without label',
      { requiredContent: [{ field: 'nature' }] },
      'requiredContent[0].label is required text',
    ],
    ['a non-object content field', { requiredContent: ['nature'] }, 'requiredContent[0] must be an object'],
    ['a zero threshold', { appliesWhen: { minAffectedSubjects: 0 } }, 'appliesWhen.minAffectedSubjects'],
    ['an unknown delivery mode', { delivery: { mode: 'email' } }, 'delivery.mode must be one of: feed, webhook'],
    ['a webhook without URL', { delivery: { mode: 'webhook' } }, 'delivery.url is required text'],
    [
      'a relative webhook URL',
      { delivery: { mode: 'webhook', url: '/hooks' } },
      'delivery.url must be an absolute http(s) URL',
    ],
    [
      'an ftp webhook URL',
      { delivery: { mode: 'webhook', url: 'ftp://x.example/a' } },
      'delivery.url must be an absolute http(s) URL',
    ],
    [
      'credentials in the webhook URL',
      { delivery: { mode: 'webhook', url: 'https://u:p@x.example/' } },
      'delivery.url must not carry credentials',
    ],
    [
      'a signing secret in the delivery',
      { delivery: { ...valid.delivery, secret: 's3cr3t' } },
      'delivery.secret is not a known field',
    ],
    ['an unknown top-level field', { deadlines: [] }, 'deadlines is not a known field'],
    ['an unknown deadline field', { deadline: { ...valid.deadline, grace: 1 } }, 'deadline.grace is not a known field'],
  ])('given %s, then it is refused naming the field', (_case, change, expected) => {
    const errors = errorsOf({ ...valid, ...change });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('given several mistakes, then every one is listed', () => {
    const errors = errorsOf({
      ...valid,
      id: 'X',
      jurisdiction: 'BR',
      delivery: { mode: 'webhook', url: 'nope' },
    });
    expect(errors.map((e) => e.split(' ')[0])).toEqual(['id', 'jurisdiction', 'delivery.url']);
  });

  it('given a feed delivery, then it is accepted without a URL', () => {
    expect(validateRegulatorDefinition({ ...valid, delivery: { mode: 'feed' } }).ok).toBe(true);
  });
});

describe('an admin’s own notifiability test', () => {
  const test = {
    regulator: {
      rules: [
        { when: { riskToIndividuals: ['unlikely'] }, outcome: 'not-required', clause: 'Art. 9(1)', reason: 'no risk' },
        { when: {}, outcome: 'required', clause: 'Art. 9(1)', reason: 'a risk' },
      ],
    },
    dataSubjects: {
      rules: [
        {
          when: { dataCategories: [{ anyOf: ['health'] }], minAffectedSubjects: 10 },
          outcome: 'required',
          clause: 'Art. 10',
          reason: 'health',
        },
        { when: {}, outcome: 'not-required', clause: 'Art. 10', reason: 'no health data' },
      ],
    },
  };

  it('is accepted and kept as given', () => {
    expect(validateRegulatorDefinition({ ...valid, notifiability: test })).toEqual({
      ok: true,
      regulator: { ...valid, notifiability: test },
    });
  });

  it('is refused with every error named by its path', () => {
    const broken = {
      regulator: {
        rules: [{ when: { confidentiality: ['leaked'], colour: 'red' }, outcome: 'maybe', clause: '', reason: 'x' }],
      },
      dataSubjects: { rules: [{ when: {}, outcome: 'annual-log', clause: 'Art. 10', reason: 'log' }] },
    };
    expect(errorsOf({ ...valid, notifiability: broken })).toEqual([
      expect.stringContaining('notifiability.regulator.rules[0].when.colour is not a known field'),
      'notifiability.regulator.rules[0].when.confidentiality must be a non-empty list of: none, internal-only, trusted-recipient, external, exfiltrated',
      'notifiability.regulator.rules[0].outcome must be one of: required, not-required, assess, annual-log',
      'notifiability.regulator.rules[0].clause is required text',
      "notifiability.regulator.rules: the last rule's when must be {} so that every set of facts gets an outcome",
      'notifiability.dataSubjects.rules[0].outcome must be one of: required, not-required, assess',
    ]);
  });
});
