import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, type FieldProblem } from '../../../platform/errors.js';

/** The encodings an import accepts: UTF-8 (with or without BOM) and Excel's Windows-1252. */
export const csvEncodings = ['utf-8', 'windows-1252'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

/** One data row: its line in the file (the header is line 1) and its values by column name. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** An import file's problems, each named with its line and column; nothing is imported while any. */
export class CsvProblems {
  readonly list: FieldProblem[] = [];
  /** Set when the reading stopped (a wrong byte): what follows it was not read. */
  stoppedAt?: FieldProblem;

  add(line: number, column: string, message: string, fr: string) {
    this.list.push({
      field: column,
      message: `line ${line}, column ${column}: ${message}`,
      fr: `ligne ${line}, colonne ${column} : ${fr}`,
    });
  }

  /** Throws a 400 listing every problem (the first 200 by name, then how many more). */
  throwIfAny() {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 200);
    if (this.list.length > shown.length)
      shown.push({
        field: 'file',
        message: `and ${this.list.length - shown.length} more problems`,
        fr: `et ${this.list.length - shown.length} autres problèmes`,
      });
    throw new AppError(
      'invalid_input',
      `The file was refused, nothing was imported (${this.list.length} problems):\n${shown.map((p) => p.message).join('\n')}`,
      shown,
    );
  }
}

export const MAX_CSV_ROWS = 100_000;

/** Police data goes only to a tenant that runs the police programme (the CLI names any tenant). */
export function requirePolice(tenant: { slug: string; programmes: readonly string[] }) {
  if (!tenant.programmes.includes('police'))
    throw new AppError('invalid_input', `${tenant.slug} does not run the police programme: nothing was imported`, [
      {
        field: 'tenant',
        message: 'does not run the police programme',
        fr: 'cette collectivité n’a pas de police municipale ici',
      },
    ]);
}

/** Decodes the bytes as they come, naming the line where a byte is not of the chosen encoding. */
async function* decode(source: AsyncIterable<Buffer | string>, encoding: CsvEncoding, problems: CsvProblems) {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let line = 1;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // The line of the first wrong byte: decode the chunk leniently and count the line ends before it.
      const lenient = new TextDecoder(encoding).decode(chunk);
      const at = lenient.indexOf('\uFFFD');
      problems.add(
        line + (lenient.slice(0, Math.max(at, 0)).match(/\n/g)?.length ?? 0),
        'file',
        `the file is not ${encoding} text: save it as UTF-8 or choose windows-1252`,
        `le fichier n’est pas encodé en ${encoding} : enregistrez-le en UTF-8 ou choisissez windows-1252`,
      );
      problems.stoppedAt = problems.list.at(-1);
      return;
    }
    line += text.split('\n').length - 1;
    yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The delimiter of the header line: a comma, or a semicolon as French spreadsheets save. */
async function* withDelimiter(text: AsyncIterable<string>, found: (delimiter: string) => void) {
  let head = '';
  let decided = false;
  for await (const chunk of text) {
    if (!decided) {
      head += chunk;
      const end = head.indexOf('\n');
      if (end < 0) continue;
      const header = head.slice(0, end);
      found((header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',');
      decided = true;
      yield head;
      continue;
    }
    yield chunk;
  }
  if (!decided) {
    found((head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',');
    yield head;
  }
}

/**
 * Streams a CSV file through csv-parse and returns its rows by column name. The header must hold the
 * required columns (optional ones may be absent, unknown ones are refused); a row with another number of
 * fields, a broken quote or a wrong byte is a problem with its line. Values are trimmed.
 */
export async function readCsv(
  source: AsyncIterable<Buffer | string>,
  spec: { required: readonly string[]; optional?: readonly string[] },
  options: { encoding?: CsvEncoding } = {},
): Promise<{ rows: CsvRow[]; problems: CsvProblems }> {
  const problems = new CsvProblems();
  let delimiter = ',';
  const text = withDelimiter(decode(source, options.encoding ?? 'utf-8', problems), (d) => {
    delimiter = d;
  });
  // The first chunk decides the delimiter before the parser is made.
  const iterator = text[Symbol.asyncIterator]();
  const first = await iterator.next();
  const rest = async function* () {
    if (!first.done) yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  const parser = Readable.from(rest()).pipe(
    parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }),
  );
  const rows: CsvRow[] = [];
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((c) => c.toLowerCase());
        checkHeader(header, spec, problems, info.lines);
        if (problems.list.length > 0) break;
        continue;
      }
      if (record.length !== header.length) {
        problems.add(
          info.lines,
          header[Math.min(record.length, header.length) - 1] ?? 'file',
          `${record.length} fields where the header has ${header.length}`,
          `${record.length} champs alors que l’en-tête en compte ${header.length}`,
        );
        continue;
      }
      if (rows.length >= MAX_CSV_ROWS) {
        problems.add(info.lines, 'file', `more than ${MAX_CSV_ROWS} rows`, `plus de ${MAX_CSV_ROWS} lignes`);
        break;
      }
      rows.push({ line: info.lines, values: Object.fromEntries(header.map((c, i) => [c, record[i] ?? ''])) });
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 0;
    problems.add(line, 'file', `unreadable CSV (${error.code})`, `CSV illisible (guillemet non fermé ou champ mal formé)`);
  }
  if (!header && problems.list.length === 0) problems.add(1, 'file', 'the file is empty', 'le fichier est vide');
  // After a wrong byte the rest was not read: the rows' problems would only be noise.
  if (problems.stoppedAt) {
    problems.list.splice(0, problems.list.length, problems.stoppedAt);
    return { rows: [], problems };
  }
  return { rows, problems };
}

function checkHeader(
  header: string[],
  spec: { required: readonly string[]; optional?: readonly string[] },
  problems: CsvProblems,
  line: number,
) {
  const known = [...spec.required, ...(spec.optional ?? [])];
  for (const column of spec.required)
    if (!header.includes(column))
      problems.add(line, column, 'missing from the header', 'absente de l’en-tête (voir docs/police-csv.md)');
  for (const column of header)
    if (!known.includes(column))
      problems.add(line, column || '(empty)', 'unknown column', `colonne inconnue (colonnes admises : ${known.join(', ')})`);
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) problems.add(line, column, 'given twice', 'en double');
    seen.add(column);
  }
}

/** A text as one chunk, for callers (pages, tests) that hold the whole file. */
export async function* oneChunk(bytes: Buffer | string) {
  yield bytes;
}
