import { describe, expect, it } from 'vitest';
import { buildArguments, fieldsFor, initialValues, keyOf, riskOf, type Field } from './schema-form';

const SHAPES = {
  type: 'object',
  properties: {
    city: { type: 'string', description: 'City name', default: 'Paris' },
    temperature: { type: 'number' },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    metric: { type: 'boolean', default: true },
    unit: { type: 'string', enum: ['C', 'F'] },
    tags: { type: 'array', items: { type: 'string' } },
    where: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
    extra: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
  required: ['city', 'days'],
};

describe('fieldsFor', () => {
  it('builds one field per shape, with required marks, defaults and descriptions', () => {
    const fields = fieldsFor(SHAPES)!;
    expect(fields.map((f) => [f.path.join('.'), f.kind, f.required])).toEqual([
      ['city', 'string', true],
      ['temperature', 'number', false],
      ['days', 'integer', true],
      ['metric', 'boolean', false],
      ['unit', 'enum', false],
      ['tags', 'array', false],
      ['where', 'object', false],
      ['extra', 'json', false],
    ]);
    expect(fields[0]).toMatchObject({ default: 'Paris', description: 'City name' });
    expect((fields[6] as Extract<Field, { kind: 'object' }>).fields[0]).toMatchObject({ path: ['where', 'lat'], kind: 'number', required: true });
    expect(fieldsFor({ type: 'string' })).toBeUndefined();
  });
});

describe('buildArguments', () => {
  const fields = fieldsFor(SHAPES)!;
  it('turns values into typed arguments and leaves empty optional fields out', () => {
    const v = { ...initialValues(fields), [keyOf(['days'])]: '3', [keyOf(['unit'])]: '"F"', [keyOf(['tags'])]: ['a', '', 'b'], [keyOf(['extra'])]: '42' };
    expect(buildArguments(fields, v)).toEqual({ ok: true, args: { city: 'Paris', days: 3, metric: true, unit: 'F', tags: ['a', 'b'], extra: 42 } });
  });
  it('says what is wrong, per field', () => {
    const v = { ...initialValues(fields), [keyOf(['city'])]: '', [keyOf(['days'])]: '2.5', [keyOf(['extra'])]: 'nope', [keyOf(['where', 'lat'])]: '' , [keyOf(['temperature'])]: 'x' };
    const r = buildArguments(fields, v);
    expect(r).toEqual({ ok: false, errors: { [keyOf(['city'])]: 'Required.', [keyOf(['days'])]: 'Enter a whole number.', [keyOf(['extra'])]: 'Not valid JSON (strings need "quotes").', [keyOf(['temperature'])]: 'Enter a number.' } });
    expect(buildArguments(fields, { ...initialValues(fields), [keyOf(['days'])]: '9' })).toMatchObject({ ok: false, errors: { [keyOf(['days'])]: 'At most 7.' } });
  });
  it('a nested object with a value is built, and then its required fields count', () => {
    const v = { ...initialValues(fields), [keyOf(['days'])]: '1', [keyOf(['where', 'lat'])]: '48.8' };
    expect(buildArguments(fields, v)).toMatchObject({ ok: true, args: { where: { lat: 48.8 } } });
  });
});

describe('riskOf', () => {
  it('names the hint', () => {
    expect(riskOf({ readOnlyHint: true })).toEqual({ level: 'safe', reason: 'readOnlyHint: true' });
    expect(riskOf({ destructiveHint: true })).toMatchObject({ level: 'confirm', reason: 'destructiveHint: true' });
    expect(riskOf(undefined)).toMatchObject({ level: 'confirm', reason: expect.stringContaining('no readOnlyHint or destructiveHint') });
    expect(riskOf({ destructiveHint: false })).toMatchObject({ level: 'modifies' });
  });
});
