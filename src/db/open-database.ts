import type { Config } from '../config.js';
import { readLiveOwner } from './data-dir-lock.js';
import { createDatabase, type Database } from './database.js';
import { openEmbeddedEngine, SOCKET_PORT } from './embedded-engine.js';

/**
 * Connects to the configured engine: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded one. When a running server already owns the embedded
 * data directory, commands go through its socket instead of opening it twice.
 */
/** The read replica named by DATABASE_REPLICA_URL (PostgreSQL only: the configuration refuses it otherwise). */
export function openReplica(config: Pick<Config, 'databaseReplicaUrl'>): Database | undefined {
  return config.databaseReplicaUrl ? createDatabase('postgres', { connectionString: config.databaseReplicaUrl }) : undefined;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  onProgress?: (message: string) => void,
): Promise<Database> {
  if (config.databaseUrl) return createDatabase('postgres', { connectionString: config.databaseUrl });
  const owner = readLiveOwner(config.dataDir);
  if (owner) {
    return createDatabase('pglite', { host: owner.socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres', max: 4 });
  }
  const engine = await openEmbeddedEngine(config.dataDir, onProgress);
  return createDatabase(
    'pglite',
    { host: engine.socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' },
    () => engine.close(),
    () => engine.busy(),
  );
}
