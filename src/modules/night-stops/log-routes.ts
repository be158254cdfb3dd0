import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import { pageContext } from '../../platform/pages/render.js';
import { refusedField } from './check-log-entry.js';
import { logBase, sendJournalPage } from './journal-page.js';
import { readLogStatistics, statisticsCsv } from './published-statistics.js';
import { recordDropOffs } from './record-drop-offs.js';
import { sendStatisticsPage } from './statistics-page.js';
import { refusalReasons } from './tables.js';

const logRoute = { config: { permission: 'night-stops.log' }, schema: { hide: true } } as const;
type Req = FastifyRequest<{ Params: { slug: string }; Querystring: { fait?: string } }>;

/** The log's pages exist only where the tenant runs the programme. */
function requireProgramme(request: FastifyRequest) {
  if (!request.tenant?.programmes.includes('night-stops')) throw new AppError('not_found', 'No request stops here');
}

/** The posted form as typed (first value of each field), kept to show it again when refused. */
function typed(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const first = [value].flat()[0];
    if (typeof first === 'string' && name !== '_csrf') out[name] = first;
  }
  return out;
}

/** The operator's drop-off log (`…/descente/journal`) and its statistics (`…/descente/statistiques`, `.csv`). */
export function registerNightStopLog(app: FastifyInstance, deps: AppDeps) {
  const base = logBase(':slug');

  app.get(`${base}/journal`, logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const { t } = pageContext(request);
    const notice =
      request.query.fait === 'remplace' ? t('nightLog.replaced') : request.query.fait ? t('nightLog.saved') : undefined;
    return sendJournalPage(deps, request, reply, { notice });
  });

  app.post(`${base}/journal`, logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const values = typed(request.body);
    try {
      const { replaced } = await recordDropOffs(requestContext(deps, request), {
        routeId: values.routeId ?? '',
        serviceDate: values.serviceDate ?? '',
        hourBand: values.hourBand ?? '',
        requests: values.requests ?? '',
        granted: values.granted ?? '',
        moved: values.moved ?? '',
        refused: Object.fromEntries(refusalReasons.map((r) => [r, values[refusedField(r)] ?? ''])),
      });
      return reply.redirect(`${logBase(request.tenant!.slug)}/journal?fait=${replaced ? 'remplace' : '1'}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return sendJournalPage(deps, request, reply, { problems: error.details, values, status: 400 });
      throw error;
    }
  });

  app.get(`${base}/statistiques`, logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    return sendStatisticsPage(deps, request, reply);
  });

  app.get(`${base}/statistiques.csv`, logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const { stats, lineLabel } = await readLogStatistics(deps, request.tenant!);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="descente-statistiques.csv"')
      .send(statisticsCsv(stats, lineLabel));
  });
}
