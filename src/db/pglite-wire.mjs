// @ts-check
// A PostgreSQL wire-protocol front for PGlite, serving many client connections
// over one PGlite session without letting them interfere. Written for this
// project because @electric-sql/pglite-socket 0.2 interleaves the extended-protocol
// messages of concurrent connections and forwards PGlite's premature
// ReadyForQuery after an error, which desynchronises the `pg` driver.
//
// The rules, as a real server would behave:
// - A connection holds the engine from its first message until PGlite says the
//   session is idle (ReadyForQuery 'I'): a whole Parse…Sync batch, a whole
//   transaction, a whole COPY. Other connections wait their turn.
// - Inside an extended batch, only Sync answers ReadyForQuery; after an error the
//   batch's remaining messages are skipped until Sync, as PostgreSQL does.
// - A connection that goes away inside a transaction has it rolled back.
import { createServer } from 'node:net';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H']);

/** A FIFO mutex: acquire() resolves with the release function. */
function createMutex() {
  let tail = Promise.resolve();
  return () => {
    /** @type {() => void} */
    let release = () => {};
    const turn = new Promise((resolve) => {
      release = () => resolve(undefined);
    });
    const acquired = tail.then(() => release);
    tail = tail.then(() => turn);
    return acquired;
  };
}

/**
 * Splits a buffer of backend messages and drops ReadyForQuery, but for the last
 * one when keepReady; tells the session status it carries and whether an error came.
 * @param {Buffer} bytes
 * @param {boolean} keepReady
 * @returns {{ out: Buffer, status: string | undefined, error: boolean }}
 */
function filterBackend(bytes, keepReady) {
  /** @type {{ type: string, bytes: Buffer }[]} */
  const parts = [];
  let status;
  let error = false;
  let offset = 0;
  /** @type {number[]} */
  const readyAt = [];
  while (offset + 5 <= bytes.length) {
    const type = String.fromCharCode(bytes[offset]);
    const length = bytes.readInt32BE(offset + 1);
    const end = offset + 1 + length;
    if (type === 'Z') readyAt.push(parts.length);
    if (type === 'E') error = true;
    parts.push({ type, bytes: bytes.subarray(offset, end) });
    offset = end;
  }
  const lastReady = readyAt.at(-1);
  const kept = parts.filter((part, index) => part.type !== 'Z' || (keepReady && index === lastReady));
  const ready = lastReady === undefined ? undefined : parts[lastReady];
  if (keepReady && ready) status = String.fromCharCode(ready.bytes[5] ?? 0);
  return { out: Buffer.concat(kept.map((p) => p.bytes)), status, error };
}

/** @param {string} text */
function queryMessage(text) {
  const body = Buffer.from(`${text}\0`);
  const header = Buffer.alloc(5);
  header.write('Q', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * @param {import('@electric-sql/pglite').PGlite} db
 * @param {string} path Unix socket path
 * @param {Int32Array} busy counter of messages being executed
 */
export async function servePglite(db, path, busy) {
  const acquire = createMutex();
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();

  /**
   * Runs one frontend message through PGlite and returns its raw answer.
   * @param {Buffer} message
   */
  async function execute(message) {
    /** @type {Buffer[]} */
    const chunks = [];
    Atomics.add(busy, 0, 1);
    try {
      await db.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => chunks.push(Buffer.from(data)) });
    } finally {
      Atomics.sub(busy, 0, 1);
    }
    return Buffer.concat(chunks);
  }

  /** @param {import('node:net').Socket} socket */
  function handle(socket) {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    let started = false;
    /** @type {(() => void) | undefined} */
    let release;
    let inTransaction = false;
    let skipUntilSync = false;
    let chain = Promise.resolve();

    const hold = async () => {
      release ??= await acquire();
    };
    const letGo = () => {
      release?.();
      release = undefined;
    };
    /** @param {Buffer} bytes */
    const send = (bytes) => {
      if (bytes.length && !socket.destroyed) socket.write(bytes);
    };

    /**
     * @param {string} type
     * @param {Buffer} message
     */
    async function onMessage(type, message) {
      if (type === 'X') {
        await finish();
        socket.end();
        return;
      }
      await hold();
      if (EXTENDED.has(type)) {
        if (skipUntilSync) return;
        const { out, error } = filterBackend(await execute(message), false);
        send(out);
        if (error) skipUntilSync = true;
        return;
      }
      // Sync, a simple Query, COPY data, a function call, or the startup message.
      skipUntilSync = false;
      const { out, status } = filterBackend(await execute(message), true);
      send(out);
      if (status === undefined) return; // COPY in progress: keep the engine.
      inTransaction = status !== 'I';
      if (!inTransaction) letGo();
    }

    /** Rolls back what the connection left open and lets the engine go. */
    async function finish() {
      if (release && inTransaction) await execute(queryMessage('ROLLBACK')).catch(() => undefined);
      inTransaction = false;
      letGo();
    }

    function nextMessage() {
      if (!started) {
        if (buffer.length < 8) return undefined;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return undefined;
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST) return { type: 'ssl', message };
        if (code === CANCEL_REQUEST) return { type: 'cancel', message };
        started = true;
        return { type: 'startup', message };
      }
      if (buffer.length < 5) return undefined;
      const length = buffer.readInt32BE(1);
      if (buffer.length < length + 1) return undefined;
      const message = buffer.subarray(0, length + 1);
      buffer = buffer.subarray(length + 1);
      return { type: String.fromCharCode(message[0]), message };
    }

    socket.on('data', (/** @type {Buffer} */ data) => {
      buffer = Buffer.concat([buffer, data]);
      for (let next = nextMessage(); next; next = nextMessage()) {
        const { type, message } = next;
        if (type === 'ssl') {
          socket.write('N');
          continue;
        }
        if (type === 'cancel') {
          socket.end();
          continue;
        }
        // A failure inside the engine ends this connection (its transaction is rolled back on close).
        chain = chain
          .then(() => onMessage(type, Buffer.from(message)))
          .catch(() => {
            socket.destroy();
          });
      }
    });
    const close = () => {
      sockets.delete(socket);
      chain = chain.then(finish);
    };
    socket.on('close', close);
    socket.on('error', () => socket.destroy());
  }

  const server = createServer(handle);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(undefined));
  });
  return {
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
