import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.js';
import { isDate, Problems } from './group-input.js';

describe('what the groups’ forms accept', () => {
  it('takes a date only when it exists, whatever is typed', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }), (d) => {
        expect(isDate(d.toISOString().slice(0, 10))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const accepted = isDate(text);
        if (accepted) expect(new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10)).toBe(text);
      }),
    );
    for (const wrong of ['2026-02-30', '2026-13-01', '2026-1-01', ' 2026-01-01', '2026-01-01T00:00'])
      expect(isDate(wrong)).toBe(false);
  });

  it('names every wrong field at once and never throws anything but a 400', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, date, text) => {
        const problems = new Problems();
        problems.text('name', name, 2, 120);
        problems.date('dueOn', date, true);
        problems.text('description', text, 0, 10, true);
        try {
          problems.check();
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(400);
          expect((error as AppError).details.map((d) => d.field).sort()).toEqual(problems.list.map((p) => p.field).sort());
          return;
        }
        expect(problems.list).toEqual([]);
      }),
    );
  });
});
