import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import { localHref } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { field } from '../../platform/pages/form-field.js';
import { PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { addReportNote } from './add-report-note.js';
import { assignReport } from './assign-report.js';
import { changeReportStatus } from './change-report-status.js';
import { mergeReport } from './merge-report.js';
import { notifyAssignedOrganisation, notifyReporter } from './notify-report.js';
import { publishReportDescription } from './publish-report-description.js';
import { readReport } from './read-report.js';
import { recordArticle40 } from './record-article40.js';
import { referReport, referralAnswers, referralTargets as referralTargetsOf } from './refer-report.js';
import { reportInReach } from './report-access.js';
import { readPhoto } from './report-queries.js';
import { formatDate, reportsBase, staffRoute, staffTenant } from './staff-pages-common.js';
import { ReportActions } from './staff-report-actions.js';
import { Notices, ReportFacts, ReportHistory } from './staff-report-view.js';
import { type ReporterContact, viewReportContact } from './view-report-contact.js';

type Req = FastifyRequest<{ Params: { slug: string; id: string } }>;

/** A report's staff page, its photos, the contact button, and the forms that act on it. */
export function registerStaffReportPage(app: FastifyInstance, deps: AppDeps) {
  async function reportPage(
    request: Req,
    reply: FastifyReply,
    options: {
      notice?: string;
      failed?: { form: string; problems: FieldProblem[] };
      contact?: ReporterContact;
      status?: number;
    } = {},
  ) {
    const tenant = staffTenant(request);
    const base = reportsBase(tenant.slug);
    const page = pageContext(request, `${base}/${request.params.id}`);
    const { t, lang } = page;
    const view = await readReport(requestContext(deps, request), { id: request.params.id });
    const canManage = can(request.actor, 'reports.manage');
    const organisations = canManage
      ? await withTenant(deps.database.db, tenant.id, (tx) =>
          tx
            .selectFrom('tenant_organisations as l')
            .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
            .select(['o.id', 'o.name'])
            .orderBy('o.name')
            .execute(),
        )
      : [];
    const { report } = view;
    const identity = { userId: request.actor.userId };
    const [referralTargets, referrals] = canManage
      ? await withTenant(deps.database.db, tenant.id, async (tx) => [
          (await referralTargetsOf(tx, tenant, { lat: report.lat, lon: report.lon }, identity)).map((target) => ({
            id: target.id,
            name: target.name,
          })),
          await referralAnswers(tx, tenant, report.id, identity),
        ])
      : [[], []];
    const category = lang === 'fr' ? report.category_fr : report.category_en;
    const title = t('reports.report.title', { category, date: formatDate(report.created_at, lang, tenant.time_zone, true) });
    const csrf = request.csrf();
    const props = { t, lang, timeZone: tenant.time_zone, base, view, csrf, ...options };
    return sendPage(
      reply,
      <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`}>
        <p>
          <a href={localHref(base, lang)}>{t('reports.back')}</a>
        </p>
        <h1>{title}</h1>
        <Notices {...props} />
        <dl>
          <dt>{t('reports.report.state')}</dt>
          <dd>
            <strong>{t(`reports.status.${report.status}` as MessageKey)}</strong>
            {report.status_reason ? ` — ${t('reports.report.reason')} : ${report.status_reason}` : ''}
          </dd>
          <dt>{t('reports.col.organisation')}</dt>
          <dd>{report.organisation ?? t('reports.unrouted')}</dd>
          <dt>{t('reports.report.source')}</dt>
          <dd>{t(`reports.source.${report.source}` as MessageKey)}</dd>
          <dt>{t('reports.role')}</dt>
          <dd>{t(`reports.role.${report.reporter_role ?? 'unknown'}` as MessageKey)}</dd>
          {report.duplicate_of ? (
            <>
              <dt>{t('reports.duplicateOf')}</dt>
              <dd>
                <a href={`${base}/${report.duplicate_of}`}>{report.duplicate_of}</a>
              </dd>
            </>
          ) : null}
        </dl>
        <ReportFacts {...props} />
        <h2>{t('reports.contact')}</h2>
        {view.contactVisible ? (
          options.contact ? (
            options.contact.erased ? (
              <p>{t('reports.contact.erased')}</p>
            ) : (
              <dl class="report-contact">
                {(['name', 'email', 'phone'] as const).map((k) =>
                  options.contact?.[k] ? (
                    <>
                      <dt>{t(`reports.contact.${k}`)}</dt>
                      <dd>{options.contact[k]}</dd>
                    </>
                  ) : null,
                )}
              </dl>
            )
          ) : (
            <PostForm action={`${base}/${report.id}/coordonnees`} csrf={csrf}>
              <p class="hint">{t('reports.contact.hint')}</p>
              <button type="submit" class="secondary">
                {t('reports.contact.show')}
              </button>
            </PostForm>
          )
        ) : (
          <p>{t('reports.contact.others')}</p>
        )}
        {view.contactVisible && report.notify_reporter ? <p>{t('reports.contact.notify')}</p> : null}
        <ReportHistory {...props} />
        {referrals.length ? (
          <>
            <h2>{t('reports.referrals')}</h2>
            <ul>
              {referrals.map((r) => (
                <li>
                  {r.to} — {t(`referrals.status.${r.status}` as MessageKey)}
                  {r.answer ? ` — ${r.answer}` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <ReportActions {...props} canManage={canManage} organisations={organisations} referralTargets={referralTargets} />
      </Layout>,
      { sensitive: true, status: options.status ?? 200 },
    );
  }

  const base = reportsBase(':slug');
  app.get<{ Params: { slug: string; id: string }; Querystring: { fait?: string } }>(`${base}/:id`, staffRoute, (request, reply) =>
    reportPage(request, reply, { notice: request.query.fait ? pageContext(request).t('reports.saved') : undefined }),
  );

  app.get<{ Params: { slug: string; id: string; photoId: string } }>(
    `${base}/:id/photos/:photoId.jpg`,
    staffRoute,
    async (request, reply) => {
      const tenant = staffTenant(request);
      const photo = await withTenant(deps.database.db, tenant.id, async (tx) => {
        await reportInReach(tx, request.actor, request.params.id);
        return readPhoto(tx, request.params.id, request.params.photoId);
      });
      if (!photo) throw notFound('Photo');
      return reply
        .type('image/jpeg')
        .header('Cache-Control', 'no-store')
        .header('Referrer-Policy', 'no-referrer')
        .send(photo.content);
    },
  );

  // The contact is shown in answer to the POST (never in a URL, never cached); each view is audited.
  app.post<{ Params: { slug: string; id: string } }>(`${base}/:id/coordonnees`, staffRoute, async (request, reply) => {
    staffTenant(request);
    const contact = await viewReportContact(requestContext(deps, request), { id: request.params.id });
    return reportPage(request, reply, { contact });
  });

  /** Runs an operation; a refused input shows the page again with the problem, a success redirects (post/redirect/get). */
  async function act(request: Req, reply: FastifyReply, form: string, run: () => Promise<unknown>) {
    const tenant = staffTenant(request);
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return reportPage(request, reply, { failed: { form, problems: error.details }, status: 400 });
      throw error;
    }
    return reply.redirect(`${reportsBase(tenant.slug)}/${request.params.id}?fait=1`, 303);
  }
  const mailFailed = (request: FastifyRequest) => (error: unknown) => {
    request.log.warn({ err: error }, 'report notification not sent');
    return false;
  };

  type Post = { Params: { slug: string; id: string }; Body: unknown };
  app.post<Post>(`${base}/:id/etat`, staffRoute, (request, reply) =>
    act(request, reply, 'status', async () => {
      const change = await changeReportStatus(requestContext(deps, request), {
        id: request.params.id,
        to: field(request.body, 'to'),
        reason: field(request.body, 'reason'),
      });
      await notifyReporter(deps, request.tenant!, change).catch(mailFailed(request));
    }),
  );
  app.post<Post>(`${base}/:id/note`, staffRoute, (request, reply) =>
    act(request, reply, 'note', () =>
      addReportNote(requestContext(deps, request), {
        id: request.params.id,
        note: field(request.body, 'note'),
        forReporter: field(request.body, 'forReporter') === 'yes',
      }),
    ),
  );
  app.post<Post>(`${base}/:id/doublon`, staffRoute, (request, reply) =>
    act(request, reply, 'merge', async () => {
      const change = await mergeReport(requestContext(deps, request), {
        id: request.params.id,
        into: field(request.body, 'into').trim(),
      });
      await notifyReporter(deps, request.tenant!, change).catch(mailFailed(request));
    }),
  );
  app.post<Post>(`${base}/:id/article40`, staffRoute, (request, reply) =>
    act(request, reply, 'article40', () =>
      recordArticle40(requestContext(deps, request), {
        id: request.params.id,
        informedOn: field(request.body, 'informedOn'),
        informedBy: field(request.body, 'informedBy'),
      }),
    ),
  );
  app.post<Post>(`${base}/:id/transmettre`, staffRoute, (request, reply) =>
    act(request, reply, 'assign', async () => {
      const assigned = await assignReport(requestContext(deps, request), {
        id: request.params.id,
        organisationId: field(request.body, 'organisationId'),
      });
      await notifyAssignedOrganisation(deps, request.tenant!, assigned.id).catch(mailFailed(request));
      await notifyReporter(deps, request.tenant!, assigned).catch(mailFailed(request));
    }),
  );
  app.post<Post>(`${base}/:id/partenaire`, staffRoute, (request, reply) =>
    act(request, reply, 'refer', () =>
      referReport(requestContext(deps, request), {
        id: request.params.id,
        targetTenantId: field(request.body, 'targetTenantId'),
      }),
    ),
  );
  app.post<Post>(`${base}/:id/publication`, staffRoute, (request, reply) =>
    act(request, reply, 'publish', () =>
      publishReportDescription(requestContext(deps, request), {
        id: request.params.id,
        action: field(request.body, 'action'),
        text: field(request.body, 'text'),
      }),
    ),
  );
}
