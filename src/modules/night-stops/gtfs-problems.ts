/**
 * The problems of a feed, each with its place (file, line — 1 is the header — and column). An import
 * collects up to MAX_PROBLEMS before refusing, so that the authority fixes its export in one go rather than
 * one error per attempt.
 */
import { AppError, type FieldProblem } from '../../platform/errors.js';
import type { FeedProblem } from './tables.js';

export const MAX_PROBLEMS = 20;

export interface Place {
  file: string;
  line?: number;
  column?: string;
}

/** Thrown when reading on makes no sense: the file is not a readable CSV. */
export class StopReading extends Error {}
/** Thrown when the list is full: reading on would only find more of the same. */
export class TooManyProblems extends StopReading {}

export class ProblemList {
  readonly items: FeedProblem[] = [];

  add(place: Place, message: string, fr: string): void {
    this.items.push({ ...place, message, fr });
    if (this.items.length >= MAX_PROBLEMS) throw new TooManyProblems();
  }

  get count(): number {
    return this.items.length;
  }
}

/** « stops.txt line 4, column stop_lat » — the place as both surfaces print it. */
export function placeText(problem: FeedProblem, lang: 'fr' | 'en' = 'en'): string {
  const where: string[] = [];
  if (problem.line !== undefined) where.push(lang === 'fr' ? `ligne ${problem.line}` : `line ${problem.line}`);
  if (problem.column) where.push(lang === 'fr' ? `colonne ${problem.column}` : `column ${problem.column}`);
  if (where.length === 0) return problem.file;
  return lang === 'fr' ? `${problem.file}, ${where.join(', ')}` : `${problem.file} ${where.join(', ')}`;
}

export const problemLine = (problem: FeedProblem, lang: 'fr' | 'en' = 'en') =>
  `${placeText(problem, lang)}${lang === 'fr' ? ' :' : ':'} ${lang === 'fr' && problem.fr ? problem.fr : problem.message}`;

/**
 * The refusal: one AppError whose message lists every problem on its own line (the CLI prints the message)
 * and whose details carry them for pages and the API (field = "file:line:column").
 */
export function feedRefused(problems: FeedProblem[], truncated: boolean): AppError {
  const head = `GTFS feed refused, nothing changed: ${problems.length}${truncated ? ' or more' : ''} problem${problems.length > 1 ? 's' : ''}`;
  const details: FieldProblem[] = problems.map((p) => ({
    field: [p.file, p.line ?? '', p.column ?? ''].join(':'),
    message: problemLine(p, 'en'),
    fr: problemLine(p, 'fr'),
  }));
  const more = truncated ? [`(stopped after ${MAX_PROBLEMS} problems)`] : [];
  return new AppError('invalid_input', [head, ...problems.map((p) => problemLine(p)), ...more].join('\n'), details);
}
