import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem, notFound } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { FormErrors, PostForm, StatusNotice } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { retentionDays } from '../../../platform/privacy/apply-retention.js';
import { formatProtected, suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { toWallClock } from '../orders/wall-time.js';
import {
  EVALUATION_DAYS,
  evaluationQuestions,
  groupedCode,
  hashEvaluationCode,
  normaliseEvaluationCode,
  protectEvaluation,
  SCALE,
} from './evaluation-form.js';
import {
  closeEvaluation,
  evaluationCounts,
  findEvaluation,
  mayHandleEvaluation,
  openEvaluation,
  readEvaluationComments,
} from './evaluation-operations.js';
import { evaluationCommentsRetention } from './evaluation-retention.js';
import { isUuid } from './session-input.js';
import { findSession } from './session-queries.js';

const access = { config: { permission: 'prevention.sessions' }, schema: { hide: true } } as const;
type Params = { slug: string; id: string };
type Query = { code?: string; fait?: string; commentaires?: string };
const notices = { ouverte: 'eval.opened', 'nouveau-code': 'eval.renewed', close: 'eval.closed' } as const;

export const longDateTime = (d: Date, lang: Lang, zone: string) =>
  d.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' });

/** The link's QR code as an SVG drawn on the server (the `qrcode` library computes the modules). */
function QrCode({ url, label }: { url: string; label: string }) {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let d = '';
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
  return (
    <svg class="evaluation-qr" viewBox={`0 0 ${size + 8} ${size + 8}`} width="220" height="220" role="img" aria-label={label}>
      <rect width={size + 8} height={size + 8} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

/** A session's staff page: what it was, and its participants' evaluation (open it, show its code, its results). */
export function registerSessionPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const base = (slug: string) => `/t/${slug}/espace/prevention/seances`;
  const publicBase = () => deps.config.publicUrl.replace(/\/$/, '');

  async function sessionPage(
    request: FastifyRequest<{ Params: Params; Querystring: Query }>,
    reply: FastifyReply,
    state: { problems?: FieldProblem[]; status?: number } = {},
  ) {
    const tenant = request.tenant!;
    const { id } = request.params;
    if (!isUuid(id)) throw notFound('Session');
    const here = `${base(tenant.slug)}/${id}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const now = deps.clock.now();
    const data = await withTenant(db, tenant.id, async (tx) => {
      const session = await findSession(tx, id);
      if (!session) return undefined;
      const evaluation = await findEvaluation(tx, id);
      const settings = await readSettings(tx);
      return {
        session,
        evaluation,
        counts: evaluation ? await evaluationCounts(tx, id) : undefined,
        k: settings.smallNumberThreshold,
        keepDays: retentionDays(evaluationCommentsRetention, settings.retentionDays[evaluationCommentsRetention.id]),
      };
    });
    if (!data) throw notFound('Session');
    const { session, evaluation, counts, k } = data;
    const when = (d: Date) => longDateTime(d, lang, tenant.time_zone);
    const open = evaluation !== undefined && evaluation.closes_at > now;
    const tooLate = session.starts_at.getTime() + EVALUATION_DAYS * 86_400_000 <= now.getTime();
    const handles = evaluation ? mayHandleEvaluation(request.actor, evaluation) : true;
    const typed = normaliseEvaluationCode(request.query.code ?? '');
    // A code in the address is shown only if it is the evaluation's current one.
    const code = evaluation && open && typed && hashEvaluationCode(typed) === evaluation.token_hash ? typed : undefined;
    const link = code ? `${publicBase()}/t/${tenant.slug}/avis/${code}` : undefined;
    const done = notices[request.query.fait as keyof typeof notices];
    const comments =
      request.query.commentaires === '1' && evaluation && handles && (counts?.answers ?? 0) >= k
        ? await readEvaluationComments(requestContext(deps, request), { sessionId: id, k })
        : undefined;
    const table = counts && counts.answers > 0 ? protectEvaluation(counts.cells, k) : undefined;
    return sendPage(
      reply,
      <Layout page={page} title={t('session.title', { date: when(session.starts_at) })} homeHref={`/t/${tenant.slug}/espace/`}>
        <p>
          <a href={`/t/${tenant.slug}/espace/prevention`}>{t('session.back')}</a> ·{' '}
          <a
            href={`/t/${tenant.slug}/espace/prevention/calendrier?mois=${toWallClock(session.starts_at, tenant.time_zone).slice(0, 7)}`}
          >
            {t('sessions.calendarLink')}
          </a>
        </p>
        <h1>{t('session.title', { date: when(session.starts_at) })}</h1>
        <StatusNotice text={done && t(done)} />
        <h2>{t('session.details')}</h2>
        <dl>
          <dt>{t('sessions.programme')}</dt>
          <dd>{session.programme}</dd>
          <dt>{t('sessions.field.theme')}</dt>
          <dd>{session.theme}</dd>
          <dt>{t('sessions.place')}</dt>
          <dd>{session.place}</dd>
          <dt>{t('sessions.field.audienceLevel')}</dt>
          <dd>{session.audience_level}</dd>
          <dt>{t('session.classes')}</dt>
          <dd>{session.classes}</dd>
          <dt>{t('sessions.field.reached')}</dt>
          <dd>{session.reached}</dd>
          <dt>{t('sessions.facilitators')}</dt>
          <dd>{session.facilitators}</dd>
          {session.head_agreement_on ? (
            <>
              <dt>{t('session.headAgreement')}</dt>
              <dd>{session.head_agreement_on}</dd>
            </>
          ) : null}
        </dl>
        <section aria-labelledby="evaluation">
          <h2 id="evaluation">{t('eval.title')}</h2>
          <p>{t('eval.intro')}</p>
          <FormErrors t={t} lang={lang} problems={state.problems ?? []} />
          {!evaluation ? <p>{t('eval.notOpened')}</p> : null}
          {evaluation && open ? <p>{t('eval.openUntil', { date: when(evaluation.closes_at) })}</p> : null}
          {evaluation && !open ? <p>{t('eval.closedSince', { date: when(evaluation.closes_at) })}</p> : null}
          {code && link ? (
            <div class="evaluation-code">
              <p>
                <label for="evaluation-link">{t('eval.link')}</label>
                <input id="evaluation-link" type="text" readonly value={link} class="follow-link" />
              </p>
              <p>
                {t('eval.code', { address: `${publicBase()}/t/${tenant.slug}/avis` })}{' '}
                <strong class="code" id="evaluation-code">
                  {groupedCode(code)}
                </strong>
              </p>
              <QrCode url={link} label={t('eval.qr')} />
              <p class="hint">{t('eval.codeOnce')}</p>
            </div>
          ) : null}
          {open && !code ? <p class="hint">{t('eval.codeLost')}</p> : null}
          {tooLate && !open ? (
            <p id={state.problems?.length ? 'field-evaluation' : undefined}>{t('eval.tooLate', { days: EVALUATION_DAYS })}</p>
          ) : null}
          {!tooLate && handles ? (
            <PostForm action={`${here}/evaluation`} csrf={request.csrf()} label={evaluation ? t('eval.renew') : t('eval.open')}>
              <button type="submit" id="field-evaluation">
                {evaluation ? t('eval.renew') : t('eval.open')}
              </button>
            </PostForm>
          ) : null}
          {open && handles ? (
            <PostForm action={`${here}/evaluation/cloture`} csrf={request.csrf()} label={t('eval.close')}>
              <button type="submit" class="secondary">
                {t('eval.close')}
              </button>
            </PostForm>
          ) : null}
          {evaluation && !handles ? <p class="hint">{t('eval.onlyFacilitator')}</p> : null}
          {counts ? (
            <>
              <h3>{t('eval.results')}</h3>
              <p id="evaluation-answers">
                {t('eval.answers', { count: formatProtected(table?.answers ?? { kind: 'shown', value: 0 }, lang) })}
              </p>
              {table ? (
                <section class="table-scroll" aria-labelledby="evaluation-results-caption" tabindex={0}>
                  <table id="evaluation-results">
                    <caption id="evaluation-results-caption">{t('eval.results')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('eval.question')}</th>
                        {SCALE.map((value) => (
                          <th scope="col" class="num">
                            {t(`eval.scale.${value}`)}
                          </th>
                        ))}
                        <th scope="col" class="num">
                          {t('eval.total')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {evaluationQuestions.map((question, i) => (
                        <tr data-question={question}>
                          <th scope="row">{t(`eval.q.${question}`)}</th>
                          {table.rows[i]!.cells[0]!.map((cell) => (
                            <td class="num">{formatProtected(cell, lang, { inTable: true })}</td>
                          ))}
                          <td class="num">{formatProtected(table.rows[i]!.totals!.rows[0]!, lang, { inTable: true })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <p class="hint">{suppressionLegend(lang, k)}</p>
                </section>
              ) : null}
              <h3>{t('eval.comments')}</h3>
              {!handles ? (
                <p>{t('eval.commentsReserved')}</p>
              ) : counts.answers < k ? (
                <p>{t('eval.commentsBelowK', { k })}</p>
              ) : comments?.shown ? (
                comments.comments.length === 0 ? (
                  <p>{t('eval.commentsNone')}</p>
                ) : (
                  <ul id="evaluation-comments">
                    {comments.comments.map((c) => (
                      <li>{c}</li>
                    ))}
                  </ul>
                )
              ) : (
                <p>
                  <a href={`${here}?commentaires=1#evaluation`}>{t('eval.commentsLink')}</a>
                </p>
              )}
              {handles ? <p class="hint">{t('eval.commentsRetention', { days: data.keepDays })}</p> : null}
            </>
          ) : null}
        </section>
      </Layout>,
      { status: state.status ?? 200, sensitive: code !== undefined || comments !== undefined },
    );
  }

  app.get<{ Params: Params; Querystring: Query }>(`${base(':slug')}/:id`, access, (request, reply) =>
    sessionPage(request, reply),
  );

  async function act(
    request: FastifyRequest<{ Params: Params; Querystring: Query }>,
    reply: FastifyReply,
    write: () => Promise<string>,
  ) {
    if (!isUuid(request.params.id)) throw notFound('Session');
    try {
      const target = await write();
      return reply.redirect(`${base(request.params.slug)}/${request.params.id}?${target}#evaluation`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return sessionPage(request, reply, { problems: error.details, status: 400 });
      throw error;
    }
  }

  app.post<{ Params: Params; Querystring: Query }>(`${base(':slug')}/:id/evaluation`, access, (request, reply) =>
    act(request, reply, async () => {
      const { code, renewed } = await openEvaluation(requestContext(deps, request), request.params.id);
      return `fait=${renewed ? 'nouveau-code' : 'ouverte'}&code=${code}`;
    }),
  );
  app.post<{ Params: Params; Querystring: Query }>(`${base(':slug')}/:id/evaluation/cloture`, access, (request, reply) =>
    act(request, reply, async () => {
      await closeEvaluation(requestContext(deps, request), request.params.id);
      return 'fait=close';
    }),
  );
}
