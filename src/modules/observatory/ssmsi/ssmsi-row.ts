/**
 * One SSMSI row checked and turned into a figure. Pure: the importer streams rows through it and the property test
 * feeds it anything. Numbers may carry a decimal comma; `NA` or an empty cell is unknown (never zero); a row the
 * file marks not published (`ndiff`) is unknown whatever its count cell holds.
 */
import { indicatorOf } from './indicators.js';
import type { Column, SsmsiLayout } from './ssmsi-format.js';

export interface SsmsiValue {
  code: string;
  regionCode: string | null;
  year: number;
  indicator: string;
  definition: string;
  unit: string;
  /** The label as the file wrote it, reported when the mapping did not know it. */
  label: string;
  known: boolean;
  count: number | null;
  rate: number | null;
  published: boolean;
  departmentAverageCount: number | null;
  departmentAverageRate: number | null;
  population: number | null;
  populationYear: number | null;
  dwellings: number | null;
  dwellingsYear: number | null;
}

export interface RowProblem {
  line: number;
  column: string;
  message: string;
  fr: string;
}

const UNKNOWN = /^(na|n\/a|nan|)$/i;
/** Above any count or population in France: a larger number is a broken cell (and would not fit the column). */
const MAX_VALUE = 1_000_000_000;

/** « 12,5 », « 12.5 », « 1 234 », « NA » → 12.5, 12.5, 1234, null; undefined when not a number. */
export function numberOf(cell: string): number | null | undefined {
  const text = cell.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (UNKNOWN.test(text)) return null;
  if (!/^-?\d+([.,]\d+)?([eE][-+]?\d+)?$/.test(text)) return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** A year in four digits (current format), two (older: « 16 »), or inside a millésime such as « POP20 ». */
export function yearOf(cell: string): number | null | undefined {
  const text = cell.trim();
  if (UNKNOWN.test(text)) return null;
  const digits = /^[A-Za-z_.]*(\d{2}|\d{4})$/.exec(text)?.[1];
  if (!digits) return undefined;
  const year = digits.length === 2 ? 2000 + Number(digits) : Number(digits);
  return year >= 1990 && year <= 2200 ? year : undefined;
}

/** Commune codes are five characters (2A/2B in Corsica); a file read once by a spreadsheet may have lost a leading 0. */
export function geoCodeOf(cell: string, kind: SsmsiLayout['kind']): string | undefined {
  const text = cell.trim().toUpperCase();
  if (kind === 'communal') {
    const code = /^\d{4}$/.test(text) ? `0${text}` : text;
    return /^(\d{5}|2[AB]\d{3})$/.test(code) ? code : undefined;
  }
  const code = /^\d$/.test(text) ? `0${text}` : text;
  return /^(\d{2}|2[AB]|97\d)$/.test(code) ? code : undefined;
}

/** `diff`/`ndiff`, as the communal files say whether a value is published. */
function publishedOf(cell: string): boolean | undefined {
  const text = cell.trim().toLowerCase();
  if (text === 'diff') return true;
  if (text === 'ndiff') return false;
  return undefined;
}

export type RowResult = { value: SsmsiValue; problems?: undefined } | { value?: undefined; problems: RowProblem[] };

/** Checks one record of the file (line as the user counts it, the header being line 1). */
export function readSsmsiRow(record: string[], line: number, layout: SsmsiLayout): RowResult {
  const problems: RowProblem[] = [];
  const cell = (column: Column) => {
    const at = layout.columns[column];
    return at === undefined ? undefined : (record[at] ?? '');
  };
  const problem = (column: Column, message: string, fr: string) => {
    const name = layout.header[layout.columns[column] ?? -1] ?? column;
    problems.push({
      line,
      column: name,
      message: `line ${line}, column ${name}: ${message}`,
      fr: `ligne ${line}, colonne ${name} : ${fr}`,
    });
  };
  if (record.length !== layout.header.length) {
    const message = `${record.length} cells where the header has ${layout.header.length}`;
    return {
      problems: [
        {
          line,
          column: '',
          message: `line ${line}: ${message}`,
          fr: `ligne ${line} : ${record.length} cellules alors que l’en-tête en a ${layout.header.length}`,
        },
      ],
    };
  }
  const number = (column: Column, options: { integer?: boolean } = {}): number | null => {
    const text = cell(column);
    if (text === undefined) return null;
    const value = numberOf(text);
    const wrong =
      value !== null && value !== undefined && (value < 0 || value > MAX_VALUE || (options.integer && !Number.isInteger(value)));
    if (value === undefined || wrong) {
      const what = options.integer ? 'a whole number' : 'a number';
      problem(
        column,
        `« ${text} » is not ${what} (or NA)`,
        `« ${text} » n’est pas ${options.integer ? 'un nombre entier' : 'un nombre'} (ni NA)`,
      );
      return null;
    }
    return value;
  };
  const year = (column: Column, required: boolean): number | null => {
    const text = cell(column);
    if (text === undefined) return null;
    const value = yearOf(text);
    if (value === undefined || (required && value === null)) {
      problem(column, `« ${text} » is not a year`, `« ${text} » n’est pas une année`);
      return null;
    }
    return value;
  };

  const code = geoCodeOf(cell('code') ?? '', layout.kind);
  if (!code)
    problem(
      'code',
      `« ${cell('code')} » is not a ${layout.kind === 'communal' ? 'commune INSEE code' : 'département code'}`,
      `« ${cell('code')} » n’est pas ${layout.kind === 'communal' ? 'un code INSEE de commune' : 'un code de département'}`,
    );
  const regionText = cell('region')?.trim();
  const label = (cell('label') ?? '').trim();
  if (!label || label.length > 300) problem('label', 'the indicator is missing', 'l’indicateur manque');
  const unitText = (cell('unit') ?? '').trim();
  if (!unitText || unitText.length > 100) problem('unit', 'the unit is missing', 'l’unité de compte manque');
  const rowYear = year('year', true);
  let published = true;
  const publishedText = cell('published');
  if (publishedText !== undefined) {
    const flag = publishedOf(publishedText);
    if (flag === undefined)
      problem('published', `« ${publishedText} » is neither diff nor ndiff`, `« ${publishedText} » n’est ni diff ni ndiff`);
    else published = flag;
  }
  const count = number('count', { integer: true });
  const rate = number('rate');
  if (layout.kind === 'communal' && published && count === null && problems.length === 0)
    problem('count', 'a published value has no count', 'une valeur publiée n’a pas de nombre');
  const value: Omit<SsmsiValue, 'indicator' | 'definition' | 'unit' | 'known'> = {
    code: code ?? '',
    regionCode: regionText && !UNKNOWN.test(regionText) ? regionText : null,
    year: rowYear ?? 0,
    label,
    // Not published: unknown, whatever the cell holds; a departmental NA is unknown too.
    count: published ? count : null,
    rate: published ? rate : null,
    published: published && count !== null,
    departmentAverageCount: number('complementCount'),
    departmentAverageRate: number('complementRate'),
    population: number('population'),
    populationYear: year('populationYear', false),
    dwellings: number('dwellings'),
    dwellingsYear: year('dwellingsYear', false),
  };
  if (problems.length) return { problems };
  const indicator = indicatorOf(label, unitText);
  return {
    value: { ...value, indicator: indicator.key, definition: indicator.definition, unit: indicator.unit, known: indicator.known },
  };
}
