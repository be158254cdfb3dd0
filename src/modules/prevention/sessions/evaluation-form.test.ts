import { describe, expect, it } from 'vitest';
import {
  groupedCode,
  hashEvaluationCode,
  newEvaluationCode,
  normaliseEvaluationCode,
  protectEvaluation,
  readEvaluationAnswer,
} from './evaluation-form.js';

const shown = (cells: { kind: string; value?: number }[]) => cells.map((c) => (c.kind === 'shown' ? c.value : 'x'));

describe('evaluation form and figures', () => {
  it('reads an answer, naming each field at fault', () => {
    expect(readEvaluationAnswer({ learned: '4', knowsWhom: '1', respected: '3', useful: '2', comment: '  Bien.\r\n ' })).toEqual({
      learned: 4,
      knowsWhom: 1,
      respected: 3,
      useful: 2,
      comment: 'Bien.',
    });
    const problems = readEvaluationAnswer({
      learned: '0',
      knowsWhom: '2.5',
      respected: '',
      useful: '4',
      comment: 'x'.repeat(501),
    });
    expect(Array.isArray(problems) && problems.map((p) => p.field)).toEqual(['learned', 'knowsWhom', 'respected', 'comment']);
  });

  it('makes codes that survive being copied from a board', () => {
    const { code, hash } = newEvaluationCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(hash).toBe(hashEvaluationCode(code));
    expect(normaliseEvaluationCode(groupedCode(code).toLowerCase())).toBe(code);
    expect(normaliseEvaluationCode('ABCD-EFGH-IJKL')).toBeUndefined();
    expect(normaliseEvaluationCode('ABCD')).toBeUndefined();
  });

  it('protects each question on its own row, and hides the count everywhere when any row must', () => {
    const few = protectEvaluation(
      [
        [0, 0, 1, 3],
        [0, 0, 0, 4],
      ],
      5,
    );
    expect(few.answers.kind).toBe('suppressed');
    expect(few.rows.map((r) => r.totals?.grand.kind)).toEqual(['suppressed', 'suppressed']);
    const enough = protectEvaluation(
      [
        [1, 3, 9, 10],
        [0, 0, 5, 18],
      ],
      5,
    );
    expect(enough.answers).toEqual({ kind: 'shown', value: 23 });
    expect(shown(enough.rows[0]!.cells[0]!)).toEqual(['x', 'x', 9, 10]);
    expect(shown(enough.rows[1]!.cells[0]!)).toEqual([0, 0, 5, 18]);
  });
});
