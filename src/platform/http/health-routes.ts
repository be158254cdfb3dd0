import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.js';

/**
 * /health: the process answers. /ready: the database answers too and the instance is not stopping (load
 * balancers use it).
 */
export const healthRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/health',
      {
        config: { public: true },
        schema: { tags: ['platform'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );
    const Ready = Type.Object({
      status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
      engine: Type.String(),
    });
    app.get(
      '/ready',
      { config: { public: true }, schema: { tags: ['platform'], response: { 200: Ready, 503: Ready } } },
      async (_request, reply) => {
        const engine = deps.database.engine;
        // Stopping: the proxy must send the next requests elsewhere.
        if (app.drain.on) return reply.status(503).send({ status: 'unavailable' as const, engine });
        try {
          await Promise.race([
            deps.database.pool.query('SELECT 1'),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
          ]);
          return { status: 'ready' as const, engine };
        } catch {
          return reply.status(503).send({ status: 'unavailable' as const, engine });
        }
      },
    );
  };
