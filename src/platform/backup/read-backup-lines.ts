import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.js';
import { corrupt } from './backup-format.js';

/**
 * The lines of a gzip'd file, one at a time, without reading the file whole. gzip's own check (CRC and
 * length) turns a truncated or damaged file into an error here, named as such.
 */
export async function* readBackupLines(file: string): AsyncGenerator<string> {
  await access(file).catch(() => {
    throw new AppError('invalid_input', `Cannot read ${file}`, [{ field: 'FILE', message: 'cannot be read' }]);
  });
  const gunzip = createGunzip();
  const flowing = pipeline(createReadStream(file), gunzip).catch(() => undefined);
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let start = 0;
      for (let newline = pending.indexOf(10, start); newline !== -1; newline = pending.indexOf(10, start)) {
        yield pending.toString('utf8', start, newline);
        start = newline + 1;
      }
      pending = pending.subarray(start);
    }
  } catch (error) {
    const message = (error as Error).message;
    if (/incorrect header check|unknown compression/.test(message)) throw corrupt('it is not a gzip file');
    throw corrupt(`gzip: ${message}`);
  } finally {
    gunzip.destroy();
    await flowing;
  }
  if (pending.length > 0) yield pending.toString('utf8');
}
