// @ts-check
// The embedded engine's thread. PGlite runs queries synchronously on the thread
// that owns it, so it lives here, never on the HTTP thread: the main thread
// talks to it through a Unix socket with the ordinary `pg` driver (see pglite-wire.mjs).
import { readFile, writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { servePglite } from './pglite-wire.mjs';

/** @type {{ dataDir?: string, loadFrom?: string, socketPath: string, busy: SharedArrayBuffer }} */
const options = workerData;
const busy = new Int32Array(options.busy);
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

async function open() {
  const loadDataDir = options.loadFrom ? new Blob([await readFile(options.loadFrom)]) : undefined;
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir,
    extensions: { postgis },
  });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const server = await servePglite(db, options.socketPath, busy);
  return { db, server };
}

const opened = open();
opened.then(
  () => port.postMessage({ type: 'ready' }),
  (error) => port.postMessage({ type: 'failed', message: String(error?.message ?? error) }),
);

port.on('message', async (message) => {
  const { db, server } = await opened;
  try {
    if (message.type === 'dump') {
      const blob = await db.dumpDataDir('none');
      await writeFile(message.to, Buffer.from(await blob.arrayBuffer()));
      port.postMessage({ type: 'dumped' });
    } else if (message.type === 'close') {
      await server.stop();
      await db.close();
      port.postMessage({ type: 'closed' });
    }
  } catch (error) {
    port.postMessage({ type: 'failed', message: String(/** @type {Error} */ (error)?.message ?? error) });
  }
});
