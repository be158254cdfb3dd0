/**
 * Where an SSMSI file comes from: a path (CLI, bench) or the bytes of an upload. A gzip file is recognised by its
 * first two bytes (0x1f 0x8b), not by its name, and unpacked on the fly through zlib: never held whole in memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../platform/errors.js';

export interface SsmsiSource {
  /** The file's name, kept with the edition. */
  label: string;
  gzip: boolean;
  /** The raw bytes (still compressed when gzip). */
  open(): Readable;
}

const isGzip = (head: Uint8Array) => head[0] === 0x1f && head[1] === 0x8b;

export async function fileSource(path: string): Promise<SsmsiSource> {
  const handle = await open(path, 'r').catch(() => {
    throw new AppError('invalid_input', `Cannot read ${path}`, [{ field: 'file', message: `cannot read ${path}` }]);
  });
  try {
    const head = new Uint8Array(2);
    await handle.read(head, 0, 2, 0);
    return { label: basename(path), gzip: isGzip(head), open: () => createReadStream(path) };
  } finally {
    await handle.close();
  }
}

export const bufferSource = (label: string, bytes: Buffer): SsmsiSource => ({
  label,
  gzip: isGzip(bytes),
  open: () => Readable.from([bytes]),
});

export const textSource = (label: string, text: string): SsmsiSource => bufferSource(label, Buffer.from(text, 'utf8'));

/** The unpacked byte stream. */
export const gunzipped = (source: SsmsiSource): Readable[] => (source.gzip ? [source.open(), createGunzip()] : [source.open()]);
