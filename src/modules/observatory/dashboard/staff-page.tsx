import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import { type AppDeps, readingDb } from '../../../platform/deps.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { figureSourcesOf } from '../../../platform/figures/figure-registry.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { FormErrors, PostForm, StatusNotice } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { MIN_K } from '../../../platform/privacy/small-numbers.js';
import { mayReadConfidential } from '../ssmsi/confidential-access.js';
import { readLocalFigures } from '../ssmsi/local-figures.js';
import { LocalFiguresTable } from '../ssmsi/local-figures-view.js';
import { readDashboard } from './dashboard-data.js';
import { Caveats, CrimeSectionView, TargetsTable } from './dashboard-view.js';
import { deleteTarget } from './delete-target.js';
import { MapsSection } from './maps-section.js';
import { observatoryTenant } from './observatory-tenant.js';
import { OwnFiguresView } from './own-figures-view.js';
import { saveTarget } from './save-target.js';
import { setPublications } from './set-publications.js';
import { PublicationsForm, TargetForm, YearForm } from './staff-forms.js';
import { readTerritoryMaps } from './territory-maps.js';

const view = { config: { permission: 'observatory.view' }, schema: { hide: true } } as const;
const publish = { config: { permission: 'observatory.publish' }, schema: { hide: true } } as const;
type Query = { annee?: string; reference?: string; fait?: string; carte?: string };

/** A year from the query, within what the data can hold; the default otherwise. */
export const yearParam = (text: string | undefined, fallback: number) =>
  text && /^\d{4}$/.test(text) && Number(text) >= 2000 && Number(text) <= 2100 ? Number(text) : fallback;

const notices = { cible: 'obs.targets.saved', supprime: 'obs.targets.deleted', publication: 'obs.publish.saved' } as const;

/** The staff dashboard: recorded crime beside the platform's own figures, targets, publication choices. */
export function registerStaffDashboard(app: FastifyInstance, deps: AppDeps) {
  // Reads only: the replica when there is one (docs/deploy.md).
  const db = readingDb(deps);
  const path = (slug: string) => `/t/${slug}/espace/observatoire`;

  async function dashboardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form?: 'target' | 'publications'; problems?: FieldProblem[]; status?: number } = {},
  ) {
    const tenant = await observatoryTenant(db, '', request.tenant);
    const page = pageContext(request, path(tenant.slug));
    const { t, lang } = page;
    const query = request.query as Query;
    const now = deps.clock.now();
    const data = await readDashboard(db, tenant, now, {
      year: yearParam(query.annee, Number.NaN) || undefined,
      baselineYear: yearParam(query.reference, 2019),
      audience: 'staff',
    });
    const publisher = can(request.actor, 'observatory.publish');
    const done = notices[(query.fait ?? '') as keyof typeof notices];
    const sources = await figureSourcesOf(tenant.programmes);
    // The State's monthly figures of the year shown, for the roles the tenant allows only (an audited read).
    const local = (await withTenant(db, tenant.id, (tx) => mayReadConfidential(tx, request.actor)))
      ? await readLocalFigures(requestContext(deps, request), { from: `${data.year}-01`, to: `${data.year}-12` })
      : null;
    // The reports by territory through the small-number helper, with the tenant's k for staff who do not publish (as
    // the own figures); the SSMSI rates exactly, as in the tables.
    const maps = await readTerritoryMaps(
      db,
      tenant,
      data,
      { indicator: query.carte, audience: 'staff', k: publisher ? MIN_K : data.k },
      t,
      lang,
    );
    return sendPage(
      reply,
      <Layout page={page} title={t('obs.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('obs.title')}</h1>
        <p>{t('obs.intro', { place: tenant.name, year: data.year, baseline: data.baselineYear })}</p>
        <StatusNotice text={done && t(done)} />
        <YearForm action={path(tenant.slug)} year={data.year} baselineYear={data.baselineYear} t={t} lang={lang} />
        <p>
          <a href={localHref(`${path(tenant.slug)}/rapport/${data.year}`, lang)}>{t('obs.report.link', { year: data.year })}</a> ·{' '}
          <a href={localHref(`/t/${tenant.slug}/observatoire`, lang)}>{t('obs.public.link')}</a>
        </p>
        <Caveats t={t} />
        <h2>{t('obs.crime.title')}</h2>
        {data.crime.length === 0 || data.crime.every((c) => c.communes.length === 0) ? (
          <p data-no-ssmsi>{t('obs.crime.none')}</p>
        ) : (
          data.crime
            .filter((c) => c.communes.length > 0)
            .map((section) => (
              <CrimeSectionView section={section} year={data.year} baselineYear={data.baselineYear} t={t} lang={lang} />
            ))
        )}
        <h2 id="objectifs">{t('obs.targets.title')}</h2>
        <TargetsTable
          targets={data.targets}
          t={t}
          lang={lang}
          remove={
            publisher
              ? (id) => (
                  <PostForm action={`${path(tenant.slug)}/objectifs/${id}/supprimer`} csrf={request.csrf()}>
                    <button type="submit" class="secondary">
                      {t('obs.targets.delete')}
                    </button>
                  </PostForm>
                )
              : undefined
          }
        />
        <h2 id="chiffres">{t('obs.own.title')}</h2>
        <OwnFiguresView
          k={publisher ? undefined : data.k}
          lines={
            // Mediation figures never feed a police-facing view.
            can(request.actor, 'police.log') ? data.own.filter((l) => !l.sourceId.startsWith('mediation.')) : data.own
          }
          years={data.ownYears}
          currentYear={data.currentYear}
          {...(data.ownMonth ? { month: data.ownMonth } : {})}
          police={data.police}
          slug={tenant.slug}
          t={t}
          lang={lang}
        />
        {local ? (
          <section aria-labelledby="chiffres-locaux-h">
            <h2 id="chiffres-locaux-h">{t('ssmsi.localYear', { year: data.year })}</h2>
            <LocalFiguresTable figures={local} labelledBy="chiffres-locaux-h" t={t} />
          </section>
        ) : null}
        <MapsSection
          maps={maps}
          action={path(tenant.slug)}
          indicators={data.crime.filter((c) => c.communes.length > 0).map((c) => c.indicator)}
          chosen={query.carte}
          year={data.year}
          baselineYear={data.baselineYear}
          t={t}
          lang={lang}
        />
        {publisher ? (
          <>
            <h2 id="ajouter-objectif">{t('obs.targets.add')}</h2>
            {state.form === 'target' ? <FormErrors t={t} lang={lang} problems={state.problems ?? []} /> : null}
            <TargetForm
              action={`${path(tenant.slug)}/objectifs`}
              csrf={request.csrf()}
              crime={data.crime.map((c) => c.indicator)}
              sources={sources}
              problems={state.form === 'target' ? (state.problems ?? []) : []}
              sent={(name) => (state.form === 'target' ? field(request.body, name) : undefined)}
              t={t}
              lang={lang}
            />
            <h2 id="publication">{t('obs.publish.title')}</h2>
            {state.form === 'publications' ? <FormErrors t={t} lang={lang} problems={state.problems ?? []} /> : null}
            <PublicationsForm
              action={`${path(tenant.slug)}/publication`}
              csrf={request.csrf()}
              crime={data.crime.map((c) => c.indicator)}
              own={data.own}
              published={data.published}
              t={t}
              lang={lang}
            />
          </>
        ) : null}
      </Layout>,
      // Confidential figures on the page: not kept in caches, no referrer.
      { status: state.status ?? 200, sensitive: local !== null },
    );
  }

  async function submit(
    request: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    form: 'target' | 'publications',
    notice: keyof typeof notices,
    write: () => Promise<unknown>,
  ) {
    try {
      await write();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return dashboardPage(request, reply, { form, problems: error.details, status: 400 });
      throw error;
    }
    return reply.redirect(`${path(request.params.slug)}?fait=${notice}`, 303);
  }

  app.get<{ Params: { slug: string } }>(path(':slug'), view, (request, reply) => dashboardPage(request, reply));
  app.post<{ Params: { slug: string } }>(`${path(':slug')}/objectifs`, publish, (request, reply) =>
    submit(request, reply, 'target', 'cible', () =>
      saveTarget(requestContext(deps, request), {
        label: field(request.body, 'label'),
        indicator: field(request.body, 'indicator'),
        baselineYear: field(request.body, 'baselineYear'),
        targetYear: field(request.body, 'targetYear'),
        changePercent: field(request.body, 'changePercent'),
        targetValue: field(request.body, 'targetValue'),
      }),
    ),
  );
  app.post<{ Params: { slug: string; id: string } }>(
    `${path(':slug')}/objectifs/:id/supprimer`,
    publish,
    async (request, reply) => {
      await deleteTarget(requestContext(deps, request), { id: request.params.id });
      return reply.redirect(`${path(request.params.slug)}?fait=supprime`, 303);
    },
  );
  app.post<{ Params: { slug: string } }>(`${path(':slug')}/publication`, publish, (request, reply) =>
    submit(request, reply, 'publications', 'publication', () =>
      setPublications(requestContext(deps, request), {
        choices: [(request.body as Record<string, string | string[] | undefined>)?.published ?? []].flat(),
      }),
    ),
  );
}
