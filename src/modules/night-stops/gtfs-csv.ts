/**
 * One feed file read as a stream of rows through csv-parse (UTF-8 BOM, CRLF and quoted fields handled by
 * the library), each row with its line number (1 is the header) and its values by column name. The file's
 * bytes are kept as they pass, because the feed version stores each file as it came.
 */
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { type ProblemList, StopReading } from './gtfs-problems.js';

export interface CsvRow {
  line: number;
  /** The value of a column, trimmed; '' when the column is absent or blank. */
  get(column: string): string;
}

export interface CsvFile {
  columns: string[];
  rows: AsyncGenerator<CsvRow>;
  /** The file's bytes, complete once `rows` is exhausted. */
  bytes(): Buffer;
}

/** Reads the header only (the first record), then lets the stream go. */
export async function readHeader(stream: Readable): Promise<string[]> {
  const parser = stream.pipe(parse({ bom: true, to: 1, skip_empty_lines: true, relax_column_count: true }));
  try {
    for await (const record of parser) return (record as string[]).map((c) => c.trim());
    return [];
  } finally {
    stream.destroy();
  }
}

/**
 * Streams the rows. A row whose field count differs from the header's, and a broken CSV (an unclosed
 * quote), are problems with their line; the generator stops at a broken CSV since nothing after it can be
 * trusted.
 */
export function readCsv(file: string, stream: Readable, problems: ProblemList): CsvFile {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const parser = stream.pipe(parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }));
  let columns: string[] = [];
  async function* rows(): AsyncGenerator<CsvRow> {
    const index = new Map<string, number>();
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (info.lines === 1 || columns.length === 0) {
          columns = record.map((c) => c.trim());
          for (const [i, c] of columns.entries()) index.set(c, i);
          continue;
        }
        if (record.length !== columns.length)
          problems.add(
            { file, line: info.lines },
            `has ${record.length} fields, the header has ${columns.length}`,
            `a ${record.length} champs, l’en-tête en a ${columns.length}`,
          );
        yield { line: info.lines, get: (column) => (record[index.get(column) ?? -1] ?? '').trim() };
      }
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const line = (error as CsvError & { lines?: number }).lines;
      problems.add({ file, line }, `not a readable CSV (${error.message})`, `CSV illisible (${error.message})`);
      // What follows a broken quote cannot be trusted, nor can the files that refer to this one.
      throw new StopReading();
    } finally {
      stream.destroy();
    }
  }
  return {
    get columns() {
      return columns;
    },
    rows: rows(),
    bytes: () => Buffer.concat(chunks),
  };
}
