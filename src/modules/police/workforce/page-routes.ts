import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { pageContext } from '../../../platform/pages/render.js';
import { createAgent, recordMovement } from './agent-operations.js';
import { sendAgentPage, sendAgentsPage, sendDuePage } from './agent-pages.js';
import { sendAgreementsPage, sendBudgetPage } from './agreement-pages.js';
import { saveAgreement } from './agreements.js';
import { saveBudgetLine } from './budget.js';
import { registerCsvRoutes } from './csv-routes.js';
import { sendDashboard, sendTrajectory } from './dashboard-pages.js';
import { type FormState, policeBase, requireProgramme, typed } from './page-common.js';
import { sessionsCalendar } from './sessions-calendar.js';
import { recordStatutoryItem } from './statutory-file.js';
import { setMandate, setTarget } from './targets.js';
import { createTrainingModule, createTrainingSession, recordAttendance } from './training-operations.js';
import { sendCompliancePage, sendTrainingsPage } from './training-pages.js';

const route = (permission: string) => ({ config: { permission }, schema: { hide: true } }) as const;
type Req = FastifyRequest<{ Params: { slug: string; id: string }; Querystring: { fait?: string; categorie?: string } }>;

/**
 * A form post: the operation, then a redirect (post/redirect/get); a refused form is shown again with
 * each problem named, status 400, nothing saved.
 */
async function handleForm(
  request: Req,
  reply: FastifyReply,
  act: (values: Record<string, string>) => Promise<string>,
  again: (state: FormState) => Promise<unknown>,
) {
  requireProgramme(request);
  const values = typed(request.body);
  try {
    return reply.redirect(await act(values), 303);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'invalid_input' || error.code === 'conflict'))
      return again({ problems: error.details, values, status: error.status });
    throw error;
  }
}

/** The staff pages of the workforce part, under `/t/{slug}/espace/police`. */
export function registerWorkforcePages(app: FastifyInstance, deps: AppDeps) {
  const base = policeBase(':slug');
  const here = (request: Req) => policeBase(request.tenant!.slug);
  const saved = (request: Req): FormState => (request.query.fait ? { notice: pageContext(request).t('police.saved') } : {});
  registerCsvRoutes(app, deps);

  app.get(base, route('police.figures'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendDashboard(deps, request, reply);
  });
  app.get(`${base}/trajectoire`, route('police.figures'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendTrajectory(deps, request, reply, saved(request));
  });
  app.post(`${base}/trajectoire/mandat`, route('police.workforce'), (request: Req, reply) =>
    handleForm(
      request,
      reply,
      async (v) => {
        await setMandate(requestContext(deps, request), v);
        return `${here(request)}/trajectoire?fait=1`;
      },
      (state) => sendTrajectory(deps, request, reply, state),
    ),
  );
  app.post(`${base}/trajectoire/objectifs`, route('police.workforce'), (request: Req, reply) =>
    handleForm(
      request,
      reply,
      async (v) => {
        await setTarget(requestContext(deps, request), v);
        return `${here(request)}/trajectoire?categorie=${encodeURIComponent(v.category ?? 'apm')}&fait=1`;
      },
      (state) => sendTrajectory(deps, request, reply, state),
    ),
  );

  app.get(`${base}/agents`, route('police.workforce'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendAgentsPage(deps, request, reply, saved(request));
  });
  app.post(`${base}/agents`, route('police.workforce'), (request: Req, reply) =>
    handleForm(
      request,
      reply,
      async (v) => `${here(request)}/agents/${(await createAgent(requestContext(deps, request), v)).id}?fait=1`,
      (state) => sendAgentsPage(deps, request, reply, state),
    ),
  );
  app.get(`${base}/agents/:id`, route('police.workforce'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendAgentPage(deps, request, reply, saved(request));
  });
  app.post(`${base}/agents/:id/mouvements`, route('police.workforce'), (request: Req, reply) =>
    handleForm(
      request,
      reply,
      async (v) => {
        await recordMovement(requestContext(deps, request), { ...v, agentId: request.params.id });
        return `${here(request)}/agents/${request.params.id}?fait=1`;
      },
      (state) => sendAgentPage(deps, request, reply, state),
    ),
  );
  app.post(`${base}/agents/:id/dossier`, route('police.workforce'), (request: Req, reply) =>
    handleForm(
      request,
      reply,
      async (v) => {
        await recordStatutoryItem(requestContext(deps, request), { ...v, agentId: request.params.id });
        return `${here(request)}/agents/${request.params.id}?fait=1`;
      },
      (state) => sendAgentPage(deps, request, reply, state),
    ),
  );
  app.get(`${base}/echeances`, route('police.workforce'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendDuePage(deps, request, reply);
  });

  app.get(`${base}/formations`, route('police.trainings'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendTrainingsPage(deps, request, reply, saved(request));
  });
  const trainingForm = (path: string, permission: string, act: (request: Req, v: Record<string, string>) => Promise<unknown>) =>
    app.post(`${base}/formations/${path}`, route(permission), (request: Req, reply) =>
      handleForm(
        request,
        reply,
        async (v) => {
          await act(request, v);
          return `${here(request)}/formations?fait=1`;
        },
        (state) => sendTrainingsPage(deps, request, reply, state),
      ),
    );
  trainingForm('modules', 'police.workforce', (request, v) =>
    createTrainingModule(requestContext(deps, request), { ...v, requiredFor: undefined }),
  );
  trainingForm('sessions', 'police.trainings', (request, v) => createTrainingSession(requestContext(deps, request), v));
  trainingForm('presences', 'police.trainings', (request, v) =>
    recordAttendance(requestContext(deps, request), { sessionId: v.sessionId ?? '', agentId: v.agentId, status: v.status }),
  );
  app.get(`${base}/formations/conformite`, route('police.trainings'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendCompliancePage(deps, request, reply);
  });
  app.get(`${base}/formations/sessions.ics`, route('police.trainings'), async (request: Req, reply) => {
    requireProgramme(request);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="formations-police.ics"')
      .send(await sessionsCalendar(deps.database.db, request.tenant!, deps.config.publicUrl));
  });

  app.get(`${base}/conventions`, route('police.workforce'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendAgreementsPage(deps, request, reply, saved(request));
  });
  app.post(`${base}/conventions`, route('police.workforce'), async (request: Req, reply) => {
    requireProgramme(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const values = Object.fromEntries(['kind', 'parties', 'subject', 'signedOn', 'expiresOn'].map((n) => [n, text(n)]));
    const file = body.pdf;
    try {
      await saveAgreement(requestContext(deps, request), {
        ...values,
        pdf:
          Buffer.isBuffer(file) && file.length > 0
            ? { name: `convention-${values.signedOn || 'signee'}.pdf`, bytes: file }
            : undefined,
      });
      return reply.redirect(`${here(request)}/conventions?fait=1`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return sendAgreementsPage(deps, request, reply, { problems: error.details, values, status: 400 });
      throw error;
    }
  });
  app.get(
    `${base}/conventions/:id.pdf`,
    route('police.workforce'),
    async (request: FastifyRequest<{ Params: { slug: string; id: string } }>, reply) => {
      requireProgramme(request);
      const id = request.params.id;
      const row = /^[0-9a-f-]{36}$/i.test(id)
        ? await withTenant(deps.database.db, request.tenant!.id, (tx) =>
            tx.selectFrom('police_agreements').select(['pdf', 'pdf_name']).where('id', '=', id).executeTakeFirst(),
          )
        : undefined;
      if (!row?.pdf) throw new AppError('not_found', 'Agreement not found');
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${row.pdf_name ?? 'convention.pdf'}"`)
        .header('Cache-Control', 'no-store')
        .send(row.pdf);
    },
  );

  app.get(`${base}/budget`, route('police.workforce'), async (request: Req, reply) => {
    requireProgramme(request);
    return sendBudgetPage(deps, request, reply, saved(request));
  });
  app.post(`${base}/budget`, route('police.workforce'), (request: Req, reply) =>
    handleForm(
      request,
      reply,
      async (v) => {
        await saveBudgetLine(requestContext(deps, request), v);
        return `${here(request)}/budget?fait=1`;
      },
      (state) => sendBudgetPage(deps, request, reply, state),
    ),
  );
}
