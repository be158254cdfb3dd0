import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { PostForm, StatusNotice } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { logRoute, requireProgramme } from './form-pages.js';
import { formatLocal } from './local-time.js';
import { natureLabel } from './natures.js';
import { mcBase } from './page-data.js';
import { readEntry } from './read-entry.js';
import { tellReporter } from './report-notice.js';
import { validateEntry } from './validate-entry.js';

type Req = FastifyRequest<{ Params: { slug: string; id: string }; Querystring: { fait?: string } }>;
const notices: Record<string, MessageKey> = {
  cree: 'mc.saved',
  modifiee: 'mc.saved',
  amendee: 'mc.amendedNotice',
  validee: 'mc.validatedNotice',
};

/** One entry (an audited read), its validation and the way to change it: edit before validation, amend after. */
export function registerEntryPage(app: FastifyInstance, deps: AppDeps) {
  const base = mcBase(':slug');
  app.get(`${base}/:id`, logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const tenant = request.tenant!;
    const zone = tenant.time_zone;
    const page = pageContext(request);
    const { t, lang } = page;
    const view = await readEntry(requestContext(deps, request), { id: request.params.id });
    const { entry } = view;
    const here = `${mcBase(tenant.slug)}/${entry.id}`;
    const notice = notices[request.query.fait ?? ''];
    const row = (label: string, value: string | null | undefined) => (
      <>
        <dt>{label}</dt>
        <dd>{value || '—'}</dd>
      </>
    );
    const response = entry.arrived_at ? Math.round((+entry.arrived_at - +entry.called_at) / 60_000) : null;
    return sendPage(
      reply,
      <Layout page={page} title={`${t('mc.title')} ${entry.label}`} homeHref={`/t/${tenant.slug}/espace/`} sensitive>
        <p>
          <a href={mcBase(tenant.slug)}>{t('mc.title')}</a>
        </p>
        <h1>
          {t('mc.title')} {entry.label}
        </h1>
        <StatusNotice text={notice && t(notice)} />
        <p>
          {entry.validated_at
            ? t('mc.validated', { who: entry.validated_by ?? '', at: formatLocal(entry.validated_at, lang, zone) })
            : t('mc.notValidated')}
        </p>
        <dl>
          {row(t('mc.kind'), t(`mc.kind.${entry.kind}` as MessageKey))}
          {row(t('mc.nature'), natureLabel(entry.nature, lang))}
          {row(t('mc.natinf'), entry.natinf_code ? `${entry.natinf_code} — ${entry.natinf_label ?? ''}` : null)}
          {row(t('mc.source'), t(`mc.source.${entry.source}` as MessageKey))}
          {entry.report_id ? (
            <>
              <dt>{t('mc.report')}</dt>
              <dd>
                <a href={`/t/${tenant.slug}/espace/signalements/${entry.report_id}`}>{entry.report_id.slice(0, 8)}</a>
              </dd>
            </>
          ) : null}
          {row(t('mc.calledAt'), formatLocal(entry.called_at, lang, zone))}
          {row(t('mc.arrivedAt'), formatLocal(entry.arrived_at, lang, zone))}
          {row(t('mc.endedAt'), formatLocal(entry.ended_at, lang, zone))}
          {row(t('mc.response'), response === null ? null : t('mc.minutes', { n: response }))}
          {row(t('mc.address'), entry.address)}
          {row(t('mc.territory'), entry.territory)}
          {row(t('mc.agents'), view.agents.map((a) => `${a.staff_number} ${a.given_name} ${a.family_name}`).join(', '))}
          {row(t('mc.vehicles'), entry.vehicles.join(', '))}
          {row(t('mc.findings'), entry.findings)}
          {row(t('mc.followUp'), entry.follow_up.map((f) => t(`mc.followUp.${f}` as MessageKey)).join(', '))}
        </dl>
        <h2>{t('mc.people')}</h2>
        {view.people.length === 0 ? (
          <p>{t('mc.noPeople')}</p>
        ) : (
          <ul>
            {view.people.map((p) => (
              <li>
                {t(`mc.role.${p.role}` as MessageKey)} : {[p.given_name, p.family_name].filter(Boolean).join(' ') || '—'}
                {p.birth_year ? ` (${p.birth_year})` : ''}
                {p.phone ? ` — ${p.phone}` : ''}
              </li>
            ))}
          </ul>
        )}
        {entry.validated_at ? (
          <p>
            <a href={`${here}/amender`}>{t('mc.amend')}</a>
          </p>
        ) : (
          <>
            <p>
              <a href={`${here}/modifier`}>{t('mc.edit')}</a>
            </p>
            {can(request.actor, 'police.validate') ? (
              <PostForm action={`${here}/valider`} csrf={request.csrf()}>
                <button type="submit">{t('mc.validate')}</button>
              </PostForm>
            ) : null}
          </>
        )}
        {view.amendments.length > 0 ? (
          <>
            <h2>{t('mc.amendments')}</h2>
            <ul>
              {view.amendments.map((a) => (
                <li>
                  {t('mc.amendmentLine', {
                    at: formatLocal(a.at, lang, zone),
                    who: a.actor,
                    fields: a.fields.join(', '),
                    reason: a.reason,
                  })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {view.consultations ? (
          <>
            <h2>{t('mc.consultations')}</h2>
            <p class="hint">{t('mc.consultationsHint')}</p>
            <ul class="consultations">
              {view.consultations.map((c) => (
                <li>
                  {formatLocal(new Date(c.at), lang, zone)} — {c.actor}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Layout>,
      { sensitive: true },
    );
  });

  app.post(
    `${base}/:id/valider`,
    { config: { permission: 'police.validate' }, schema: { hide: true } },
    async (request: Req, reply) => {
      requireProgramme(request);
      const slug = request.tenant!.slug;
      try {
        const validated = await validateEntry(requestContext(deps, request), { id: request.params.id });
        await tellReporter(deps, request, validated.reportChange);
      } catch (error) {
        // Already validated, or not ended yet: back to the entry, which says where it stands.
        if (!(error instanceof AppError) || (error.code !== 'conflict' && error.code !== 'invalid_input')) throw error;
        throw new AppError(error.code, error.details[0]?.fr ?? error.message, error.details);
      }
      return reply.redirect(`${mcBase(slug)}/${request.params.id}?fait=validee`, 303);
    },
  );
}
