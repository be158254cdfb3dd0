import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../platform/errors.js';

/**
 * PGlite has no lock of its own: two processes opening one data directory
 * corrupt it. The owner writes its pid (and the socket it serves) here.
 */
export interface LockOwner {
  pid: number;
  socketDir: string;
}

export const lockPath = (dataDir: string) => join(dataDir, 'quietude.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of the data directory, if any (a dead owner's lock is stale). */
export function readLiveOwner(dataDir: string): LockOwner | undefined {
  let owner: LockOwner;
  try {
    owner = JSON.parse(readFileSync(lockPath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  return owner.pid !== process.pid && isAlive(owner.pid) ? owner : undefined;
}

/** Takes the lock, taking over a stale one; refuses when a live process holds it. */
export function acquireLock(dataDir: string, socketDir: string): () => void {
  const path = lockPath(dataDir);
  const owner = readLiveOwner(dataDir);
  if (owner) {
    throw new AppError(
      'engine_locked',
      `The embedded database in ${dataDir} is in use by process ${owner.pid}. Stop it first, or run the command while it serves so that the command goes through its socket.`,
    );
  }
  rmSync(path, { force: true });
  // 'wx' fails if another process created the file between our check and now.
  writeFileSync(path, JSON.stringify({ pid: process.pid, socketDir } satisfies LockOwner), { flag: 'wx' });
  return () => {
    try {
      const current: LockOwner = JSON.parse(readFileSync(path, 'utf8'));
      if (current.pid === process.pid) rmSync(path, { force: true });
    } catch {
      // Already gone: nothing to release.
    }
  };
}
