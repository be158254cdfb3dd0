import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import type { FieldProblem } from '../../platform/errors.js';
import { field } from '../../platform/pages/form-field.js';
import { FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { mediationViewer, teamsInReach } from './mediation-scope.js';
import {
  Choices,
  fieldRoute,
  localToday,
  MediationNav,
  mediationBase,
  pageMediationContext,
  Select,
  submitForm,
} from './pages-common.js';
import { recordMinorAction } from './record-minor-action.js';
import { minorPaths } from './vocabulary.js';

/**
 * « Mineur en danger »: the path (information préoccupante to the département's CRIP; the 119) and a
 * button that records only that it was taken — no name, no account, no place.
 */
export function registerMinorPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const page = (slug: string) => `${mediationBase(slug)}/mineur-en-danger`;

  async function render(request: FastifyRequest, reply: FastifyReply, failed?: FieldProblem[]) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const p = pageContext(request, page(tenant.slug));
    const { t, lang } = p;
    const teams = await withTenant(db, tenant.id, async (tx) => teamsInReach(tx, await mediationViewer(tx, ctx.actor)), {
      userId: ctx.actor.userId,
    });
    const saved = (request.query as { fait?: string } | undefined)?.fait;
    const label = {
      crip: t('mediation.minor.pathCrip'),
      '119': t('mediation.minor.path119'),
      both: t('mediation.minor.pathBoth'),
    };
    return sendPage(
      reply,
      <Layout page={p} title={t('mediation.minor.title')} homeHref={`/t/${tenant.slug}/espace/`} sensitive>
        <h1>{t('mediation.minor.title')}</h1>
        <MediationNav slug={tenant.slug} t={t} lang={lang} manage={can(ctx.actor, 'mediation.manage')} />
        {saved && /^\d{4}-\d{2}-\d{2}$/.test(saved) ? (
          <p role="status" class="notice">
            {t('mediation.minor.saved', { date: saved })}
          </p>
        ) : null}
        <p>
          <strong>{t('mediation.minor.danger')}</strong>
        </p>
        <p>{t('mediation.minor.path')}</p>
        <ol>
          <li>{t('mediation.minor.crip')}</li>
          <li>
            <a href="tel:119" class="button">
              {t('mediation.minor.call119')}
            </a>
          </li>
        </ol>
        {teams.length ? (
          <section aria-labelledby="minor-record">
            <h2 id="minor-record">{t('mediation.minor.record')}</h2>
            <p class="hint">{t('mediation.minor.recordHint')}</p>
            {failed ? <FormErrors t={t} lang={lang} problems={failed} idPrefix="minor" /> : null}
            <PostForm action={page(tenant.slug)} csrf={request.csrf()} label={t('mediation.minor.record')}>
              <input type="hidden" name="id" value={randomUUID()} />
              <input type="hidden" name="takenOn" value={localToday(deps.clock.now(), tenant.time_zone)} />
              <Select
                idPrefix="minor"
                name="teamId"
                label={t('mediation.encounter.team')}
                options={teams.map((x) => ({ value: x.id, label: x.name }))}
              />
              <Choices
                idPrefix="minor"
                name="path"
                type="radio"
                legend={t('mediation.minor.which')}
                values={minorPaths}
                label={(v) => label[v as keyof typeof label]}
                checked={['crip']}
                problem={fieldProblem(failed, 'path', lang)}
              />
              <button type="submit">{t('mediation.minor.submit')}</button>
            </PostForm>
          </section>
        ) : null}
      </Layout>,
      { sensitive: true, status: failed ? 400 : 200 },
    );
  }

  app.get<{ Params: { slug: string } }>(page(':slug'), fieldRoute, (request, reply) => render(request, reply));
  app.post<{ Params: { slug: string } }>(page(':slug'), fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const b = request.body;
    const takenOn = field(b, 'takenOn');
    return submitForm(
      reply,
      () => recordMinorAction(ctx, { id: field(b, 'id'), teamId: field(b, 'teamId'), takenOn, path: field(b, 'path') }),
      (problems) => render(request, reply, problems),
      `${page(ctx.tenant.slug)}?fait=${encodeURIComponent(takenOn)}`,
    );
  });
}
