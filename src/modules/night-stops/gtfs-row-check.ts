/**
 * Reads one row's fields and records each problem at its place (file, line, column). Converters ask for a
 * field with the parser it needs; a missing or bad value yields undefined and one problem.
 */
import type { CsvRow } from './gtfs-csv.js';
import type { Place, ProblemList } from './gtfs-problems.js';
import type { Parsed } from './gtfs-values.js';

export class RowCheck {
  constructor(
    readonly file: string,
    readonly row: CsvRow,
    private readonly problems: ProblemList,
  ) {}

  get line(): number {
    return this.row.line;
  }

  place(column?: string): Place {
    return { file: this.file, line: this.row.line, ...(column ? { column } : {}) };
  }

  problem(column: string | undefined, message: string, fr: string): void {
    this.problems.add(this.place(column), message, fr);
  }

  /** The value, or null when blank. */
  optional(column: string): string | null {
    return this.row.get(column) || null;
  }

  /** The value; a blank one is a problem. */
  required(column: string): string | undefined {
    const value = this.row.get(column);
    if (!value) this.problem(column, 'a value is required', 'une valeur est obligatoire');
    return value || undefined;
  }

  /** Parsed when present: null when blank (and not required), undefined when wrong. */
  parse<T>(column: string, parser: (text: string) => Parsed<T>, required = false): T | null | undefined {
    const text = this.row.get(column);
    if (!text) {
      if (required) this.problem(column, 'a value is required', 'une valeur est obligatoire');
      return required ? undefined : null;
    }
    const parsed = parser(text);
    if (parsed.ok) return parsed.value;
    this.problem(column, parsed.message, parsed.fr);
    return undefined;
  }

  /** A reference to an id read earlier (trip → route…): an unknown one is a problem. */
  reference(column: string, known: ReadonlySet<string>, target: string): string | undefined {
    const value = this.row.get(column);
    if (value && !known.has(value))
      this.problem(
        column,
        `unknown ${column} "${value}" (not in ${target})`,
        `${column} « ${value} » inconnu (absent de ${target})`,
      );
    return value || undefined;
  }

  /** An id that must be unique in its file. */
  unique(column: string, seen: Set<string>): string | undefined {
    const value = this.required(column);
    if (value === undefined) return undefined;
    if (seen.has(value)) {
      this.problem(column, `"${value}" appears twice`, `« ${value} » apparaît deux fois`);
      return undefined;
    }
    seen.add(value);
    return value;
  }
}
