/**
 * Where a GTFS feed's files come from: a folder, a .zip on disk, a .zip received by the upload page, or
 * texts the project wrote (the demo feed). The importer only asks for a file's bytes as a stream, so a big
 * stop_times.txt is never held whole before it is parsed.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../platform/errors.js';

export interface GtfsSource {
  /** What the feed is called in its history (a file name, « démo »…). */
  label: string;
  /** The `.txt` files it holds, by bare name (a zip's inner folder is ignored). */
  names: ReadonlySet<string>;
  open(name: string): Promise<Readable>;
  close(): Promise<void>;
}

const refused = (message: string, fr: string) => new AppError('invalid_input', message, [{ field: 'file', message, fr }]);

/** Texts held in memory: the demo feed, tests. */
export function textSource(label: string, files: Record<string, string>): GtfsSource {
  return {
    label,
    names: new Set(Object.keys(files)),
    open: async (name) => Readable.from([Buffer.from(files[name] ?? '', 'utf8')]),
    close: async () => {},
  };
}

async function folderSource(path: string): Promise<GtfsSource> {
  const names = new Set((await readdir(path)).filter((name) => name.endsWith('.txt')));
  return {
    label: basename(path),
    names,
    open: async (name) => createReadStream(join(path, name)),
    close: async () => {},
  };
}

/** A zip read entry by entry (yauzl streams each entry; nothing is unpacked on disk). */
async function zipFileSource(label: string, zip: ZipFile): Promise<GtfsSource> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      const name = basename(entry.fileName);
      // Folders and macOS's resource forks are not feed files.
      if (!entry.fileName.endsWith('/') && name.endsWith('.txt') && !entry.fileName.includes('__MACOSX')) {
        if (entries.has(name)) {
          reject(refused(`the zip holds ${name} twice`, `le zip contient deux fois ${name}`));
          return;
        }
        entries.set(name, entry);
      }
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    label,
    names: new Set(entries.keys()),
    open: (name) =>
      new Promise((resolve, reject) => {
        const entry = entries.get(name);
        if (!entry) return reject(new Error(`${name} is not in the zip`));
        zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
      }),
    close: async () => zip.close(),
  };
}

const notAZip = (error: Error) =>
  refused(`not a readable zip file (${error.message})`, `ce n’est pas un fichier zip lisible (${error.message})`);

/** A zip received in memory (the upload page). */
export function zipBufferSource(label: string, buffer: Buffer): Promise<GtfsSource> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error) return reject(notAZip(error));
      zipFileSource(label, zip).then(resolve, (e: Error) => reject(e instanceof AppError ? e : notAZip(e)));
    });
  });
}

/** A folder of `.txt` files or a `.zip`, named on the command line. */
export async function openGtfsPath(path: string): Promise<GtfsSource> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw refused(`cannot read ${path}`, `impossible de lire ${path}`);
  if (info.isDirectory()) return folderSource(path);
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error) return reject(notAZip(error));
      zipFileSource(basename(path), zip).then(resolve, (e: Error) => reject(e instanceof AppError ? e : notAZip(e)));
    });
  });
}
