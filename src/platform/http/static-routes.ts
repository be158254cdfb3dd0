import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const files: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'quick-exit.js': 'text/javascript; charset=utf-8',
  'angela.js': 'text/javascript; charset=utf-8',
  'report-form.js': 'text/javascript; charset=utf-8',
  'descente.js': 'text/javascript; charset=utf-8',
  'mediation-field.js': 'text/javascript; charset=utf-8',
};

/** The few static files, read once at start-up and served from memory. */
export function registerStaticRoutes(app: FastifyInstance) {
  const contents = new Map(
    Object.keys(files).map((name) => [name, readFileSync(new URL(`../pages/static/${name}`, import.meta.url))]),
  );
  app.get<{ Params: { file: string } }>(
    '/static/:file',
    { schema: { hide: true }, config: { public: true } },
    (request, reply) => {
      const body = contents.get(request.params.file);
      if (!body) return reply.callNotFound();
      return reply
        .type(files[request.params.file] as string)
        .header('Cache-Control', 'public, max-age=3600')
        .send(body);
    },
  );
}
