import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set when the instance is about to stop (SIGTERM): see `registerDrain`. */
    drain: { on: boolean };
  }
}

/**
 * The first step of a graceful stop. While draining, `/ready` answers 503 (the reverse proxy sends no new
 * requests) and every response closes its connection, so that keep-alive connections end right after an answer.
 * Closing an idle keep-alive connection at once would race with a request the client is already sending on
 * it, which the client would see as a network error although it was sent before the stop.
 */
export function registerDrain(app: FastifyInstance) {
  app.decorate('drain', { on: false });
  app.addHook('onSend', async (_request, reply) => {
    if (app.drain.on) reply.header('connection', 'close');
  });
}
