import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../platform/errors.js';
import { acquireLock } from './data-dir-lock.js';

/** The port number only names the socket file (`.s.PGSQL.<port>`), as libpq does. */
export const SOCKET_PORT = 5432;

export interface EmbeddedEngine {
  socketDir: string;
  /** Queries the engine is executing right now (read from its thread's counter). */
  busy(): number;
  /** Writes the whole data directory as a tar file (the tests' template). */
  dump(to: string): Promise<void>;
  close(): Promise<void>;
}

interface StartOptions {
  /** Persistent data directory; without it the database lives in memory. */
  pgDataDir?: string;
  /** A tar written by dump() to start from. */
  loadFrom?: string;
  socketDir: string;
}

const workerUrl = new URL('./pglite-worker.mjs', import.meta.url);

function request(worker: Worker, message: object | undefined, expect: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { type: string; message?: string }) => {
      if (reply.type !== expect && reply.type !== 'failed') return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (reply.type === 'failed') reject(new AppError('engine_failed', `Embedded database: ${reply.message}`));
      else resolve();
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    if (message) worker.postMessage(message);
  });
}

async function startWorker(options: StartOptions): Promise<EmbeddedEngine> {
  const socketPath = join(options.socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  rmSync(socketPath, { force: true });
  const busy = new SharedArrayBuffer(4);
  const worker = new Worker(workerUrl, {
    workerData: { dataDir: options.pgDataDir, loadFrom: options.loadFrom, socketPath, busy },
  });
  await request(worker, undefined, 'ready');
  const counter = new Int32Array(busy);
  let closed = false;
  return {
    socketDir: options.socketDir,
    busy: () => Atomics.load(counter, 0),
    dump: (to) => request(worker, { type: 'dump', to }, 'dumped'),
    async close() {
      if (closed) return;
      closed = true;
      await request(worker, { type: 'close' }, 'closed').catch(() => undefined);
      await worker.terminate();
    },
  };
}

/**
 * Opens the embedded database kept in `dataDir`, owning it through a lock file.
 * A first start initialises PostGIS in a temporary folder renamed when complete,
 * so an interrupted first start leaves nothing half-made.
 */
export async function openEmbeddedEngine(
  dataDir: string,
  onProgress: (message: string) => void = () => {},
): Promise<EmbeddedEngine> {
  mkdirSync(dataDir, { recursive: true });
  const release = acquireLock(dataDir, dataDir);
  try {
    const pgDataDir = join(dataDir, 'pgdata');
    for (const name of readdirSync(dataDir)) {
      if (name.startsWith('pgdata.init-')) rmSync(join(dataDir, name), { recursive: true, force: true });
    }
    if (!existsSync(pgDataDir)) {
      onProgress('First start: setting up the embedded PostgreSQL with PostGIS (about 10 s)…');
      const began = Date.now();
      const ticker = setInterval(() => onProgress(`  … ${Math.round((Date.now() - began) / 1000)} s`), 3000);
      try {
        const temporary = join(dataDir, `pgdata.init-${process.pid}`);
        const first = await startWorker({ pgDataDir: temporary, socketDir: dataDir });
        await first.close();
        renameSync(temporary, pgDataDir);
      } finally {
        clearInterval(ticker);
      }
      onProgress(`Embedded database ready in ${Math.round((Date.now() - began) / 1000)} s.`);
    }
    const engine = await startWorker({ pgDataDir, socketDir: dataDir });
    return {
      ...engine,
      async close() {
        await engine.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** An in-memory engine started from a template tar (tests). */
export function openMemoryEngine(socketDir: string, loadFrom?: string): Promise<EmbeddedEngine> {
  return startWorker({ socketDir, loadFrom });
}
