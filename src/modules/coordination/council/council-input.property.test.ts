import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Problems } from './council-input.js';

describe('amounts typed in euros', () => {
  it('reads any amount written the French or the English way, with spaces and a euro sign, as exact cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_99 }), fc.boolean(), fc.boolean(), (cents, comma, spaced) => {
        const euros = Math.floor(cents / 100);
        const rest = String(cents % 100).padStart(2, '0');
        const whole = spaced ? euros.toLocaleString('fr-FR').replace(/\u202f/g, ' ') : String(euros);
        const problems = new Problems();
        expect(problems.euros('asked', `${whole}${comma ? ',' : '.'}${rest} €`)).toBe(cents);
        expect(problems.list).toEqual([]);
      }),
    );
  });

  it('refuses whatever is not an amount, naming the field, and never returns a negative number', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const problems = new Problems();
        const value = problems.euros('granted', text);
        if (value === null) expect(problems.list.map((p) => p.field)).toEqual(['granted']);
        else expect(value >= 0 && Number.isInteger(value)).toBe(true);
      }),
    );
    const problems = new Problems();
    expect(problems.euros('spent', '-12,50')).toBeNull();
    expect(problems.list[0]).toMatchObject({ field: 'spent', fr: 'ne peut pas être négatif' });
  });
});
