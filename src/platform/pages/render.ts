import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { pickLang, translator } from '../i18n/i18n.js';
import type { PageContext } from './layout.js';

export function pageContext(request: FastifyRequest): PageContext {
  const lang = pickLang(request.query, request.headers['accept-language']);
  return { lang, t: translator(lang), path: request.url.split('?')[0] ?? '/' };
}

/** Sends a server-rendered page; text is escaped by the renderer. */
// biome-ignore lint/suspicious/noExplicitAny: any component props
export function sendPage(reply: FastifyReply, page: VNode<any>, options: { sensitive?: boolean; status?: number } = {}) {
  if (options.sensitive) {
    reply.header('Referrer-Policy', 'no-referrer').header('Cache-Control', 'no-store');
  }
  return reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('Vary', 'Accept-Language')
    .send(`<!doctype html>${renderToString(page)}`);
}
