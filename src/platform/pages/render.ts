import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { pickLang, translator } from '../i18n/i18n.js';
import type { PageContext } from './layout.js';

/**
 * The language, its texts, and the address the language switch should point at:
 * this page with its query (an invitation link keeps its token), or, for a page
 * shown in answer to a form, the page the form belongs to.
 */
export function pageContext(request: FastifyRequest, formPage?: string): PageContext {
  const lang = pickLang(request.query, request.headers['accept-language']);
  const url = new URL(request.url, 'http://local');
  url.searchParams.delete('lang');
  const here = request.method === 'GET' ? `${url.pathname}${url.search}` : (formPage ?? '/');
  return { lang, t: translator(lang), path: here };
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
