import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { AppError, type ErrorCode, type FieldProblem } from '../errors.js';
import { ErrorPage } from '../pages/error-page.js';
import { pageContext, sendPage } from '../pages/render.js';

type Surface = 'api' | 'open311' | 'page';

function surfaceOf(url: string): Surface {
  if (url.startsWith('/api/')) return 'api';
  if (url.startsWith('/open311/')) return 'open311';
  return 'page';
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Names the field a schema error is about: body.q, querystring.lang, body.unknownField… */
function fieldProblems(error: FastifyError): FieldProblem[] {
  const where = error.validationContext ?? 'body';
  return ((error.validation ?? []) as ValidationIssue[]).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const extra = issue.params.additionalProperty ?? issue.params.missingProperty;
    const field = [where, path, extra].filter((part) => part !== undefined && part !== '').join('.');
    const message = issue.params.additionalProperty !== undefined ? 'is not an accepted field' : (issue.message ?? 'is invalid');
    return { field, message };
  });
}

const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', '57P01', '57P03', '08006', '08001']);

/** Turns anything thrown into the one error type, keeping the message only when it is safe to show. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { code?: string };
  if (e.validation) {
    const details = fieldProblems(e);
    return new AppError('invalid_input', details.map((d) => `${d.field} ${d.message}`).join('; '), details);
  }
  if (e.code && unavailableCodes.has(e.code)) return new AppError('unavailable', 'The database is unavailable');
  // A malformed identifier in a URL or form (not a UUID): nothing can have that id.
  if (e.code === '22P02') return new AppError('not_found', 'No record has this identifier');
  if (e.message?.includes('timeout exceeded when trying to connect') || e.message?.includes('Connection terminated')) {
    return new AppError('unavailable', 'The database is unavailable');
  }
  const byStatus: Record<number, ErrorCode> = {
    400: 'invalid_input',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
  };
  const mapped = e.statusCode ? byStatus[e.statusCode] : undefined;
  if (mapped) return new AppError(mapped, mapped === 'payload_too_large' ? 'The request body is too large' : e.message);
  return new AppError('internal', 'Internal error');
}

function send(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const status = error.status >= 500 && error.code !== 'unavailable' ? 500 : error.status;
  const surface = surfaceOf(request.url);
  if (surface === 'api' || request.routeOptions.config?.jsonErrors) {
    return reply.status(status).send({
      error: { code: error.code, message: error.message, details: error.details, requestId: request.id },
    });
  }
  if (surface === 'open311') {
    // GeoReport v2 errors: a list of {code, description}, code being the HTTP status; one per field at fault.
    const body = error.details.length
      ? error.details.map((d) => ({ code: status, description: `${d.field}: ${d.message}${d.fr ? ` (${d.fr})` : ''}` }))
      : [{ code: status, description: error.message }];
    if (request.url.split('?')[0]?.endsWith('.xml')) {
      const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
      const items = body.map(
        (e) => `<error><code>${e.code}</code><description>${escapeXml(e.description)}</description></error>`,
      );
      return reply
        .status(status)
        .type('text/xml; charset=utf-8')
        .send(`<?xml version="1.0" encoding="utf-8"?><errors>${items.join('')}</errors>`);
    }
    return reply.status(status).send(body);
  }
  if (error.code === 'unauthenticated' && request.method === 'GET') {
    // Staff pages send the visitor to sign in, and back here afterwards.
    return reply.redirect(`/connexion?suite=${encodeURIComponent(request.url)}`, 303);
  }
  const page = pageContext(request);
  return sendPage(reply, h(ErrorPage, { page, error, requestId: String(request.id) }), { status });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((raw, request, reply) => {
    const error = toAppError(raw);
    if (error.code === 'internal') request.log.error({ err: raw }, 'unhandled error');
    else if (error.code === 'unavailable') request.log.warn({ err: raw }, 'database unavailable');
    return send(request, reply, error);
  });
  app.setNotFoundHandler((request, reply) => send(request, reply, new AppError('not_found', 'No such route or resource')));
}
