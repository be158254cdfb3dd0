import { randomInt } from 'node:crypto';
import { hashSecretToken } from '../../../platform/accounts/secret-tokens.js';
import type { FieldProblem } from '../../../platform/errors.js';
import { type ProtectedCount, type ProtectedTable, protectCount, protectTable } from '../../../platform/privacy/small-numbers.js';

/** The four questions of a participant's evaluation, in the order of the form (column names in the table). */
export const evaluationQuestions = ['learned', 'knowsWhom', 'respected', 'useful'] as const;
export type EvaluationQuestion = (typeof evaluationQuestions)[number];
export const questionColumns = {
  learned: 'learned',
  knowsWhom: 'knows_whom',
  respected: 'respected',
  useful: 'useful',
} as const satisfies Record<EvaluationQuestion, string>;

/** The fixed scale: 1 « pas du tout d'accord » to 4 « tout à fait d'accord » (no middle, no « ne sait pas »). */
export const SCALE = [1, 2, 3, 4] as const;
export const COMMENT_MAX = 500;
/** Answers are taken until 14 days after the session. */
export const EVALUATION_DAYS = 14;

export interface EvaluationAnswer {
  learned: number;
  knowsWhom: number;
  respected: number;
  useful: number;
  comment: string | null;
}

/**
 * A participant's form, checked: each answer must be a value of the scale, the free text at most 500 characters.
 * Every problem names its field.
 */
export function readEvaluationAnswer(body: Record<string, string | undefined>): EvaluationAnswer | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const values: Partial<Record<EvaluationQuestion, number>> = {};
  for (const question of evaluationQuestions) {
    const sent = (body[question] ?? '').trim();
    const value = /^[1-4]$/.test(sent) ? Number(sent) : undefined;
    if (value === undefined)
      problems.push(
        sent === ''
          ? { field: question, message: 'choose an answer', fr: 'choisissez une réponse' }
          : { field: question, message: 'must be 1, 2, 3 or 4', fr: 'réponse hors de l’échelle (1 à 4)' },
      );
    else values[question] = value;
  }
  // Line ends count once, whatever the browser sends.
  const comment = (body.comment ?? '').replace(/\r\n/g, '\n').trim();
  if ([...comment].length > COMMENT_MAX)
    problems.push({
      field: 'comment',
      message: `must be at most ${COMMENT_MAX} characters`,
      fr: `${COMMENT_MAX} caractères au plus`,
    });
  // Control characters other than line ends and tabs cannot be shown back.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(comment))
    problems.push({ field: 'comment', message: 'contains unreadable characters', fr: 'contient des caractères illisibles' });
  if (problems.length) return problems;
  return { ...(values as Record<EvaluationQuestion, number>), comment: comment === '' ? null : comment };
}

// No 0/O, 1/I/L: a code copied from a board by hand is read back right. 31 symbols, 12 of them: 59 bits.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

/** A new evaluation code (« K7M2-Q9XP-AB3D » on the board, in the link without dashes) and its stored hash. */
export function newEvaluationCode(): { code: string; hash: string } {
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return { code, hash: hashSecretToken(code) };
}

/** A code as typed (any case, spaces or dashes), or undefined when it cannot be one. */
export function normaliseEvaluationCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** The code in groups of four, as written on a board. */
export const groupedCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

export const hashEvaluationCode = (code: string) => hashSecretToken(code);

/**
 * The results through the small-number helper: each question's answers per value of the scale form a row, protected
 * with its total (the number of answers) by complementary suppression. The rows share nothing but that total (every
 * question is answered), so a total hidden in one row is hidden in all, and in the count of answers above the table.
 */
export function protectEvaluation(cells: number[][], k: number): { rows: ProtectedTable[]; answers: ProtectedCount } {
  let rows = cells.map((row) => protectTable([row], k));
  const totalHidden = rows.some((r) => r.totals?.grand.kind === 'suppressed');
  if (totalHidden) rows = cells.map((row) => protectTable([row], k, { alsoHide: { grand: true } }));
  const answers = cells[0]?.reduce((a, b) => a + b, 0) ?? 0;
  return { rows, answers: totalHidden ? { kind: 'suppressed', below: k } : protectCount(answers, k) };
}
