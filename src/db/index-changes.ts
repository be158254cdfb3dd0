import pg from 'pg';
import type { Database } from './database.js';
import type { IndexVersionsTable } from './schema.js';

export type IndexKind = IndexVersionsTable['kind'];

/** The channel the `index_changed` triggers notify on (migration 20261126T0920). */
export const INDEX_CHANNEL = 'quietude_index';
/** How often versions are compared, for changes whose notification was lost (or never sent: embedded engine). */
export const INDEX_RECHECK_MS = 5_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/** What an in-memory index offers to be kept in step. */
export interface IndexFollower {
  /** Rebuilds one tenant from the database. */
  refresh(tenantId: string): Promise<void>;
  /** Rebuilds everything (a change without a tenant). */
  reloadAll(): Promise<void>;
}

interface Log {
  warn(object: object, message: string): void;
}

/** "safe-places:<uuid>" or "orders:*" → its parts, or undefined for anything else. */
export function parseIndexPayload(payload: string | undefined): { kind: IndexKind; tenant: string } | undefined {
  const match = /^(safe-places|orders):(\*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(payload ?? '');
  return match ? { kind: match[1] as IndexKind, tenant: match[2] as string } : undefined;
}

/**
 * Keeps this instance's in-memory indexes in step with writes made by other instances (ADR 0008).
 * On PostgreSQL a dedicated connection LISTENs (reconnecting when it drops) and each notification
 * rebuilds the tenant it names; every INDEX_RECHECK_MS, and after each reconnection, the per-tenant
 * versions are compared with those last seen, which catches a notification that never arrived. The
 * embedded engine runs in this process only, and its shared session must not LISTEN: there, the version
 * check alone catches the writes of a CLI command going through the server's socket.
 */
export class IndexChanges {
  private readonly followers = new Map<IndexKind, IndexFollower>();
  /** Last version seen per "kind:tenant" (absent: 0). */
  private readonly known = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private listener: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = RECONNECT_MIN_MS;
  private polling: Promise<void> | undefined;
  private closed = false;
  /** Notifications received (tests and the bench read it). */
  notifications = 0;

  constructor(
    private readonly database: Database,
    private readonly log: Log,
    private readonly options: { recheckMs?: number; listen?: boolean } = {},
  ) {}

  follow(kind: IndexKind, follower: IndexFollower): void {
    this.followers.set(kind, follower);
  }

  /** Records the current versions (before the indexes load: a write in between only costs one more rebuild), then follows. */
  async start(): Promise<void> {
    try {
      for (const row of await this.readVersions()) this.known.set(`${row.kind}:${row.tenant_id}`, row.version);
    } catch (error) {
      this.log.warn({ err: error }, 'index versions not read yet');
    }
    if (this.options.listen ?? this.database.engine === 'postgres') await this.connect();
    this.timer = setInterval(() => void this.poll(), this.options.recheckMs ?? INDEX_RECHECK_MS);
    this.timer.unref();
  }

  /** Compares every version with the last seen and rebuilds what changed. Never throws. */
  poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        const rows = await this.readVersions();
        await Promise.all(
          rows
            .filter((row) => this.known.get(`${row.kind}:${row.tenant_id}`) !== row.version)
            .map((row) => this.refresh(row.kind, row.tenant_id)),
        );
      } catch (error) {
        if (!this.closed) this.log.warn({ err: error }, 'index versions could not be compared');
      }
    })().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Stops listening and polling, and waits for the rebuilds under way (the database closes next). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.polling;
    await Promise.allSettled([...this.running.values()]);
  }

  private readVersions() {
    return this.database.db.selectFrom('index_versions').select(['tenant_id', 'kind', 'version']).execute();
  }

  /**
   * Rebuilds one tenant's index of a kind, one rebuild at a time per tenant: a change arriving during a
   * rebuild runs one more after it. The version is read before the data, so the data is never older
   * than the version recorded (at worst one more rebuild follows). Never throws.
   */
  private refresh(kind: IndexKind, tenant: string): Promise<void> {
    const follower = this.followers.get(kind);
    if (!follower || this.closed) return Promise.resolve();
    const key = `${kind}:${tenant}`;
    const under = this.running.get(key);
    if (under) {
      this.again.add(key);
      return under;
    }
    const run = (async () => {
      do {
        this.again.delete(key);
        try {
          if (tenant === '*') {
            await follower.reloadAll();
          } else {
            const row = await this.database.db
              .selectFrom('index_versions')
              .select('version')
              .where('kind', '=', kind)
              .where('tenant_id', '=', tenant)
              .executeTakeFirst();
            this.known.set(key, row?.version ?? 0);
            await follower.refresh(tenant);
          }
        } catch (error) {
          // The next version check tries again (the version recorded is then older than the database's).
          this.known.delete(key);
          if (!this.closed) this.log.warn({ err: error, kind }, 'index not rebuilt after a change');
        }
      } while (this.again.has(key) && !this.closed);
    })().finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.database.pool.options, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel !== INDEX_CHANNEL) return;
      const change = parseIndexPayload(message.payload);
      if (!change) return;
      this.notifications++;
      void this.refresh(change.kind, change.tenant);
    });
    // A dropped connection: reconnect (once), then compare versions for what was missed meanwhile.
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || this.closed) return;
      lost = true;
      if (error) this.log.warn({ err: error }, 'index listener lost its connection; reconnecting');
      client.end().catch(() => {});
      if (this.listener === client) this.listener = undefined;
      this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
      this.reconnectTimer.unref();
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${INDEX_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    await this.poll();
  }

  /** Drops the listening connection as a network failure would, reconnecting after `ms` (tests of what is missed meanwhile). */
  dropListener(ms = RECONNECT_MIN_MS): void {
    this.reconnectDelay = ms;
    this.listener?.emit('error', new Error('dropped on purpose'));
  }

  listening(): boolean {
    return this.listener !== undefined;
  }
}
