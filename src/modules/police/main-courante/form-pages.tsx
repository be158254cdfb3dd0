import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { amendEntry } from './amend-entry.js';
import { createEntry } from './create-entry.js';
import { editEntry } from './edit-entry.js';
import { activeEntry } from './entry-access.js';
import { EntryForm } from './entry-form.js';
import { listAgents } from './entry-queries.js';
import { snapshotOf } from './entry-snapshot.js';
import { entryNumber } from './entry-writes.js';
import { entryFromForm, type FormValues, formValues, one } from './form-values.js';
import { localInputValue } from './local-time.js';
import { answerableReports, mcBase, valuesOf } from './page-data.js';
import { tellReporter } from './report-notice.js';

export const logRoute = { config: { permission: 'police.log' }, schema: { hide: true } } as const;
type Mode = 'new' | 'edit' | 'amend';
type Req = FastifyRequest<{ Params: { slug: string; id?: string }; Querystring: { signalement?: string } }>;

export function requireProgramme(request: FastifyRequest) {
  if (!request.tenant?.programmes.includes('police')) throw new AppError('not_found', 'No municipal police here');
}

async function sendForm(
  deps: AppDeps,
  request: Req,
  reply: FastifyReply,
  mode: Mode,
  options: { values?: FormValues; problems?: FieldProblem[]; status?: number } = {},
) {
  const tenant = request.tenant!;
  const zone = tenant.time_zone;
  const base = mcBase(tenant.slug);
  const id = request.params.id ?? '';
  const page = pageContext(
    request,
    mode === 'new' ? `${base}/nouvelle` : `${base}/${id}/${mode === 'edit' ? 'modifier' : 'amender'}`,
  );
  const { t, lang } = page;
  const data = await withTenant(deps.database.db, tenant.id, async (tx) => {
    const agents = await listAgents(tx);
    const reports = await answerableReports(tx, request.actor, zone, lang);
    if (mode === 'new') return { agents, reports, label: '', stored: undefined };
    const entry = await activeEntry(tx, id);
    return { agents, reports, label: entryNumber(entry.year, entry.number), stored: valuesOf(await snapshotOf(tx, id), zone) };
  });
  let values = options.values ?? data.stored;
  if (!values) {
    // A new entry: now, the signed-in agent, and the report it answers when the page was opened from one.
    const me = data.agents.find((a) => a.user_id && a.user_id === request.actor.userId);
    const report = data.reports.find((r) => r.id === request.query.signalement);
    values = {
      kind: 'administrative',
      source: report ? 'report' : 'call',
      calledAt: localInputValue(deps.clock.now(), zone),
      agents: me ? [me.id] : [],
      ...(report ? { reportId: report.id, lat: String(report.lat), lon: String(report.lon) } : {}),
    };
  }
  const title =
    mode === 'new'
      ? t('mc.newTitle')
      : mode === 'edit'
        ? t('mc.editTitle', { number: data.label })
        : t('mc.amendTitle', { number: data.label });
  const action = mode === 'new' ? `${base}/nouvelle` : `${base}/${id}/${mode === 'edit' ? 'modifier' : 'amender'}`;
  return sendPage(
    reply,
    <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`} sensitive>
      <p>
        <a href={base}>{t('mc.title')}</a>
      </p>
      <h1>{title}</h1>
      {mode === 'amend' ? <p>{t('mc.amendIntro')}</p> : null}
      <EntryForm
        t={t}
        lang={lang}
        action={action}
        csrf={request.csrf()}
        values={values}
        problems={options.problems ?? []}
        agents={data.agents}
        reports={data.reports}
        withReason={mode === 'amend'}
        reportFixed={mode !== 'new'}
      />
    </Layout>,
    { status: options.status ?? 200, sensitive: true },
  );
}

/** The pages that write entries: new, edit (before validation), amend (after). */
export function registerFormPages(app: FastifyInstance, deps: AppDeps) {
  const base = mcBase(':slug');
  for (const mode of ['new', 'edit', 'amend'] as const) {
    const path = mode === 'new' ? `${base}/nouvelle` : `${base}/:id/${mode === 'edit' ? 'modifier' : 'amender'}`;
    app.get(path, logRoute, async (request: Req, reply) => {
      requireProgramme(request);
      return sendForm(deps, request, reply, mode);
    });
    app.post(path, logRoute, async (request: Req, reply) => {
      requireProgramme(request);
      const values = formValues(request.body);
      const ctx = requestContext(deps, request);
      const slug = request.tenant!.slug;
      try {
        if (mode === 'new') {
          const created = await createEntry(ctx, entryFromForm(values));
          await tellReporter(deps, request, created.reportChange);
          return reply.redirect(`${mcBase(slug)}/${created.id}?fait=cree`, 303);
        }
        const id = request.params.id ?? '';
        if (mode === 'edit') await editEntry(ctx, { ...entryFromForm(values), id });
        else await amendEntry(ctx, { ...entryFromForm(values), id, reason: one(values, 'reason') });
        return reply.redirect(`${mcBase(slug)}/${id}?fait=${mode === 'edit' ? 'modifiee' : 'amendee'}`, 303);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'invalid_input' || error.code === 'conflict'))
          return sendForm(deps, request, reply, mode, { values, problems: error.details, status: error.status });
        throw error;
      }
    });
  }
}
