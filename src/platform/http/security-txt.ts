import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';

/**
 * `/.well-known/security.txt` (RFC 9116): whom to tell about a vulnerability. The file must expire;
 * it is made at each request, so it always announces a year ahead of the clock.
 */
export function registerSecurityTxt(app: FastifyInstance, deps: AppDeps) {
  app.get('/.well-known/security.txt', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const { securityContact } = deps.config.operator;
    const expires = new Date(deps.clock.now().getTime() + 365 * 24 * 3600 * 1000);
    expires.setUTCMilliseconds(0);
    const lines = [
      `Contact: ${securityContact}`,
      `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
      'Preferred-Languages: fr, en',
      `Canonical: ${new URL('/.well-known/security.txt', deps.config.publicUrl).href}`,
    ];
    return reply.type('text/plain; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
