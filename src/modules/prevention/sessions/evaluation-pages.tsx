import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../../db/tenant-transaction.js';
import { publicActor } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem, notFound } from '../../../platform/errors.js';
import { field } from '../../../platform/pages/form-field.js';
import { FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { requireTenant, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { hitRateLimit, rateLimitKey } from '../../reports/rate-limit.js';
import {
  COMMENT_MAX,
  EVALUATION_DAYS,
  evaluationQuestions,
  hashEvaluationCode,
  normaliseEvaluationCode,
  readEvaluationAnswer,
  SCALE,
} from './evaluation-form.js';
import { submitEvaluation } from './evaluation-operations.js';

/** Answers a participant may send per evaluation and window: a full class at once, not a script. */
export const EVALUATION_RATE = { limit: 120, windowSeconds: 600 };

type Params = { slug: string; code: string };
type Body = Record<string, string | undefined>;

async function preventionTenant(deps: AppDeps, slug: string): Promise<Tenant> {
  const tenant = await requireTenant(deps.database.db, slug);
  if (!tenant.programmes.includes('prevention')) throw notFound('Page');
  return tenant;
}

/**
 * The participants' side of an evaluation, without an account and without JavaScript, for a phone:
 * `/t/{slug}/avis` (type the code written on the board), `/t/{slug}/avis/{code}` (the form) and the thanks page.
 * Nothing identifying is asked or kept: no IP address (the rate limit counts per evaluation), no time of answer.
 */
export function registerEvaluationPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const path = (slug: string) => `/t/${slug}/avis`;
  const pub = { config: { public: true }, schema: { hide: true } } as const;

  const findByCode = (tenant: Tenant, code: string) =>
    withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom('prevention_session_evaluations as e')
        .innerJoin('prevention_sessions as s', 's.id', 'e.session_id')
        .select(['e.token_hash', 'e.closes_at', 's.theme', 's.starts_at'])
        .where('e.token_hash', '=', hashEvaluationCode(code))
        .where(sql<boolean>`e.tenant_id = quietude_tenant()`)
        .executeTakeFirst(),
    );

  function closedPage(request: FastifyRequest, reply: FastifyReply, tenant: Tenant) {
    const page = pageContext(request, path(tenant.slug));
    return sendPage(
      reply,
      <Layout page={page} title={page.t('evalForm.closed')} homeHref={`/t/${tenant.slug}/`}>
        <h1>{page.t('evalForm.closed')}</h1>
        <p>{page.t('evalForm.closedText', { days: EVALUATION_DAYS })}</p>
      </Layout>,
      { status: 410, sensitive: true },
    );
  }

  async function formPage(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    tenant: Tenant,
    code: string,
    state: { problems?: FieldProblem[]; status?: number; sent?: Body } = {},
  ) {
    const evaluation = await findByCode(tenant, code);
    if (!evaluation) throw notFound('Evaluation');
    if (evaluation.closes_at <= deps.clock.now()) return closedPage(request, reply, tenant);
    const here = `${path(tenant.slug)}/${code}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const problems = state.problems ?? [];
    const sent = state.sent ?? {};
    const day = evaluation.starts_at.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone: tenant.time_zone,
      dateStyle: 'long',
    });
    const commentProblem = fieldProblem(problems, 'comment', lang);
    return sendPage(
      reply,
      <Layout page={page} title={t('evalForm.title')} homeHref={`/t/${tenant.slug}/`}>
        <h1>{t('evalForm.title')}</h1>
        <p>{t('evalForm.session', { theme: evaluation.theme, date: day })}</p>
        <p>{t('evalForm.anonymous')}</p>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={here} csrf={request.csrf()} label={t('evalForm.title')}>
          {evaluationQuestions.map((question) => {
            const problem = fieldProblem(problems, question, lang);
            return (
              <fieldset
                class={problem ? 'big-choices has-error' : 'big-choices'}
                aria-describedby={problem ? `field-${question}-error` : undefined}
              >
                <legend>{t(`eval.q.${question}`)}</legend>
                {problem ? (
                  <p class="error" id={`field-${question}-error`}>
                    {problem}
                  </p>
                ) : null}
                {SCALE.map((value, i) => (
                  <div>
                    <input
                      type="radio"
                      id={i === 0 ? `field-${question}` : `field-${question}-${value}`}
                      name={question}
                      value={String(value)}
                      required
                      checked={sent[question] === String(value)}
                    />{' '}
                    <label for={i === 0 ? `field-${question}` : `field-${question}-${value}`}>{t(`eval.scale.${value}`)}</label>
                  </div>
                ))}
              </fieldset>
            );
          })}
          <div class={commentProblem ? 'field has-error' : 'field'}>
            <label for="field-comment">{t('evalForm.comment')}</label>
            <p class="hint" id="field-comment-hint">
              {t('evalForm.commentHint')}
            </p>
            {commentProblem ? (
              <p class="error" id="field-comment-error">
                {commentProblem}
              </p>
            ) : null}
            <textarea
              id="field-comment"
              name="comment"
              rows={4}
              maxLength={COMMENT_MAX}
              autocomplete="off"
              aria-describedby={commentProblem ? 'field-comment-hint field-comment-error' : 'field-comment-hint'}
              aria-invalid={commentProblem ? 'true' : undefined}
            >
              {sent.comment ?? ''}
            </textarea>
          </div>
          <button type="submit">{t('evalForm.send')}</button>
        </PostForm>
      </Layout>,
      { status: state.status ?? 200, sensitive: true },
    );
  }

  function enterPage(request: FastifyRequest, reply: FastifyReply, tenant: Tenant, problem?: { typed: string; status: number }) {
    const page = pageContext(request, path(tenant.slug));
    const { t, lang } = page;
    const problems: FieldProblem[] = problem
      ? [{ field: 'code', message: 'This code does not exist', fr: t('evalForm.badCode') }]
      : [];
    return sendPage(
      reply,
      <Layout page={page} title={t('evalForm.enterTitle')} homeHref={`/t/${tenant.slug}/`}>
        <h1>{t('evalForm.enterTitle')}</h1>
        <FormErrors t={t} lang={lang} problems={problems} />
        {/* A GET form: nothing is recorded, and the code lands in the form's address as the board's link would. */}
        <form method="get" action={path(tenant.slug)} aria-label={t('evalForm.enterTitle')}>
          <div class={problem ? 'field has-error' : 'field'}>
            <label for="field-code">{t('evalForm.codeField')}</label>
            <p class="hint" id="field-code-hint">
              {t('evalForm.enterIntro')}
            </p>
            {problem ? (
              <p class="error" id="field-code-error">
                {t('evalForm.badCode')}
              </p>
            ) : null}
            <input
              id="field-code"
              name="code"
              type="text"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              required
              value={problem?.typed}
              aria-describedby={problem ? 'field-code-hint field-code-error' : 'field-code-hint'}
              aria-invalid={problem ? 'true' : undefined}
            />
          </div>
          <button type="submit">{t('evalForm.go')}</button>
        </form>
      </Layout>,
      { status: problem?.status ?? 200, sensitive: true },
    );
  }

  app.get<{ Params: { slug: string }; Querystring: { code?: string } }>(path(':slug'), pub, async (request, reply) => {
    const tenant = await preventionTenant(deps, request.params.slug);
    const typed = (request.query.code ?? '').slice(0, 40);
    if (typed.trim() === '') return enterPage(request, reply, tenant);
    const code = normaliseEvaluationCode(typed);
    if (!code) return enterPage(request, reply, tenant, { typed, status: 400 });
    if (!(await findByCode(tenant, code))) return enterPage(request, reply, tenant, { typed, status: 404 });
    return reply.redirect(`${path(tenant.slug)}/${code}`, 303);
  });

  app.get<{ Params: { slug: string } }>(`${path(':slug')}/merci`, pub, async (request, reply) => {
    const tenant = await preventionTenant(deps, request.params.slug);
    const page = pageContext(request);
    return sendPage(
      reply,
      <Layout page={page} title={page.t('evalForm.thanks')} homeHref={`/t/${tenant.slug}/`}>
        <h1>{page.t('evalForm.thanks')}</h1>
        <p>{page.t('evalForm.thanksText')}</p>
      </Layout>,
    );
  });

  app.get<{ Params: Params }>(`${path(':slug')}/:code`, pub, async (request, reply) => {
    const tenant = await preventionTenant(deps, request.params.slug);
    const code = normaliseEvaluationCode(request.params.code);
    if (!code) throw notFound('Evaluation');
    // Typed by hand in lower case or with dashes: the one address of the form.
    if (code !== request.params.code) return reply.redirect(`${path(tenant.slug)}/${code}`, 303);
    return formPage(request, reply, tenant, code);
  });

  app.post<{ Params: Params; Body: Body }>(`${path(':slug')}/:code`, pub, async (request, reply) => {
    const tenant = await preventionTenant(deps, request.params.slug);
    const code = normaliseEvaluationCode(request.params.code);
    if (!code) throw notFound('Evaluation');
    const evaluation = await findByCode(tenant, code);
    if (!evaluation) throw notFound('Evaluation');
    if (evaluation.closes_at <= deps.clock.now()) return closedPage(request, reply, tenant);
    const limit = await hitRateLimit(
      db,
      rateLimitKey(deps.config.sessionSecret, 'prevention-evaluation', evaluation.token_hash),
      {
        ...EVALUATION_RATE,
        now: deps.clock.now(),
      },
    );
    const body = Object.fromEntries([...evaluationQuestions, 'comment'].map((name) => [name, field(request.body, name)])) as Body;
    if (!limit.allowed) {
      reply.header('Retry-After', String(limit.retryAfterSeconds));
      return formPage(request, reply, tenant, code, {
        status: 429,
        sent: body,
        problems: [
          {
            field: 'form',
            message: 'too many answers in a short time: try again in a few minutes',
            fr: pageContext(request).t('evalForm.tooMany'),
          },
        ],
      });
    }
    const answer = readEvaluationAnswer(body);
    if (Array.isArray(answer)) return formPage(request, reply, tenant, code, { problems: answer, status: 400, sent: body });
    try {
      await submitEvaluation({ db, clock: deps.clock, actor: publicActor, tenant }, { tokenHash: evaluation.token_hash, answer });
    } catch (error) {
      // Closed between the check and the write.
      if (error instanceof AppError && error.code === 'conflict') return closedPage(request, reply, tenant);
      throw error;
    }
    return reply.redirect(`${path(tenant.slug)}/merci`, 303);
  });
}
