import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { AppError, type FieldProblem } from '../errors.js';
import { requestContext } from '../http/request-context.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { eraseDataSubject, findDataSubject, readDataSubject, type SourceResult } from './data-subject-requests.js';

type Body = { q?: string; confirm?: string };
const handle = { config: { permission: 'platform.data-requests' }, schema: { hide: true } } as const;

/** The screen for data-subject requests: search (in the body, never the URL), export, erase. */
export function registerDataRequestPages(app: FastifyInstance, deps: AppDeps) {
  const ctxOf = (request: FastifyRequest) => requestContext(deps, request);

  function requestsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { q?: string; results?: SourceResult[]; notice?: string; problems?: FieldProblem[] } = {},
    status = 200,
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, `/t/${tenant.slug}/espace/droits`);
    const { t, lang } = page;
    const csrf = request.csrf();
    const base = `/t/${tenant.slug}/espace/droits`;
    const found = state.results?.filter((r) => r.records.length > 0) ?? [];
    return sendPage(
      reply,
      <Layout page={page} title={t('dsr.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('dsr.title')}</h1>
        <p>{t('dsr.intro')}</p>
        <StatusNotice text={state.notice} />
        <FormErrors t={t} lang={lang} problems={state.problems ?? []} />
        <PostForm action={base} csrf={csrf}>
          <Field
            t={t}
            name="q"
            label={t('dsr.query')}
            value={state.q}
            required
            problem={fieldProblem(state.problems, 'q', lang)}
          />
          <button type="submit">{t('dsr.search')}</button>
        </PostForm>
        {state.results ? (
          <section aria-labelledby="dsr-results">
            <h2 id="dsr-results">{t('dsr.results')}</h2>
            {found.length === 0 ? <p>{t('dsr.none')}</p> : null}
            <ul class="cards">
              {found.map((r) => (
                <li>
                  <strong>{r.label[lang]}</strong> — {t('dsr.records', { count: r.records.length })}
                  {!r.erasable && r.keptBecause ? <p>{t('dsr.kept', { reason: r.keptBecause[lang] })}</p> : null}
                </li>
              ))}
            </ul>
            {found.length > 0 ? (
              <>
                <PostForm action={`${base}/export`} csrf={csrf}>
                  <input type="hidden" name="q" value={state.q} />
                  <button type="submit" class="secondary">
                    {t('dsr.export')}
                  </button>
                </PostForm>
                <PostForm action={`${base}/effacer`} csrf={csrf}>
                  <input type="hidden" name="q" value={state.q} />
                  <div class="field">
                    <div>
                      <input type="checkbox" id="dsr-confirm" name="confirm" value="yes" required />{' '}
                      <label for="dsr-confirm">{t('dsr.confirm')}</label>
                    </div>
                  </div>
                  <button type="submit" class="danger">
                    {t('dsr.erase')}
                  </button>
                </PostForm>
              </>
            ) : null}
          </section>
        ) : null}
      </Layout>,
      { sensitive: true, status },
    );
  }

  /** Runs a step with the person read from the form; a bad query is shown against its field. */
  async function withSubject(
    request: FastifyRequest<{ Body: Body }>,
    reply: FastifyReply,
    step: (who: ReturnType<typeof readDataSubject>) => Promise<unknown>,
  ) {
    const q = request.body?.q ?? '';
    try {
      return await step(readDataSubject(q));
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return requestsPage(request, reply, { q, problems: error.details }, 400);
      throw error;
    }
  }

  app.get<{ Params: { slug: string } }>('/t/:slug/espace/droits', handle, (request, reply) => requestsPage(request, reply));

  app.post<{ Params: { slug: string }; Body: Body }>('/t/:slug/espace/droits', handle, (request, reply) =>
    withSubject(request, reply, async (who) =>
      requestsPage(request, reply, { q: request.body?.q, results: await findDataSubject(ctxOf(request), who) }),
    ),
  );

  app.post<{ Params: { slug: string }; Body: Body }>('/t/:slug/espace/droits/export', handle, (request, reply) =>
    withSubject(request, reply, async (who) => {
      const results = await findDataSubject(ctxOf(request), who);
      const body = {
        tenant: request.tenant!.slug,
        exportedAt: deps.clock.now().toISOString(),
        sources: results.filter((r) => r.records.length > 0),
      };
      return reply
        .header('Content-Disposition', 'attachment; filename="donnees-personnelles.json"')
        .header('Cache-Control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(body, null, 2));
    }),
  );

  app.post<{ Params: { slug: string }; Body: Body }>('/t/:slug/espace/droits/effacer', handle, (request, reply) =>
    withSubject(request, reply, async (who) => {
      if (request.body?.confirm !== 'yes')
        throw new AppError('invalid_input', 'confirm: tick the box', [{ field: 'confirm', message: 'tick the box to confirm' }]);
      const erased = await eraseDataSubject(ctxOf(request), who);
      const count = Object.values(erased).reduce((a, b) => a + b, 0);
      return requestsPage(request, reply, { notice: pageContext(request).t('dsr.erased', { count }) });
    }),
  );
}
