import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import {
  addFunding,
  consortiumOverview,
  removeFunding,
  removeTeamMember,
  saveTeam,
  setTeamMember,
  setTeamSectors,
} from './consortium.js';
import { mediationViewer } from './mediation-scope.js';
import {
  fieldList,
  localToday,
  MediationNav,
  manageRoute,
  mediationBase,
  pageMediationContext,
  Select,
  submitForm,
} from './pages-common.js';

type Failed = { form: string; problems: FieldProblem[] };

/**
 * The consortium's settings, for the head of mediation: teams (create, rename), the territories each works
 * in, its mediators and managers, and which member organisation funds which team or territory, by year.
 */
export function registerConsortiumPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const page = (slug: string) => `${mediationBase(slug)}/consortium`;

  async function render(request: FastifyRequest, reply: FastifyReply, failed?: Failed) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const p = pageContext(request, page(tenant.slug));
    const { t, lang } = p;
    const { overview, editable } = await withTenant(
      db,
      tenant.id,
      async (tx) => ({
        overview: await consortiumOverview(tx, tenant.id),
        editable: (await mediationViewer(tx, ctx.actor)).all,
      }),
      { userId: ctx.actor.userId },
    );
    const body = request.body as Record<string, string> | undefined;
    const kept = (form: string, name: string) => (failed?.form === form ? body?.[name] : undefined);
    const problem = (form: string, name: string) =>
      failed?.form === form ? fieldProblem(failed.problems, name, lang) : undefined;
    const csrf = request.csrf();
    const base = page(tenant.slug);
    const kind = (k: string) => t(`mediation.consortium.kind.${k}` as MessageKey);
    const year = Number(localToday(deps.clock.now(), tenant.time_zone).slice(0, 4));
    return sendPage(
      reply,
      <Layout page={p} title={t('mediation.consortium.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('mediation.consortium.title')}</h1>
        <MediationNav slug={tenant.slug} t={t} lang={lang} manage />
        <p class="hint">{t('mediation.consortium.intro')}</p>
        {editable ? null : <p role="note">{t('mediation.consortium.readOnly')}</p>}
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={failed.form} /> : null}
        <section aria-labelledby="teams-title">
          <h2 id="teams-title">{t('mediation.consortium.teams')}</h2>
          {overview.teams.length === 0 ? <p>{t('mediation.consortium.noTeam')}</p> : null}
          {overview.teams.map((team) => {
            const inTeam = new Set(team.people.map((x) => x.user_id));
            return (
              <article aria-labelledby={`team-${team.id}-title`} class="card">
                <h3 id={`team-${team.id}-title`}>{team.name}</h3>
                <p>
                  {t('mediation.consortium.sectorsOf')}{' '}
                  {team.sectors.length
                    ? team.sectors.map((s) => `${s.name} (${kind(s.kind)})`).join(', ')
                    : t('mediation.consortium.noSector')}
                </p>
                <h4>{t('mediation.consortium.people')}</h4>
                {team.people.length === 0 ? <p>{t('mediation.consortium.noPeople')}</p> : null}
                <ul>
                  {team.people.map((person) => (
                    <li>
                      {person.display_name} ({person.email}) —{' '}
                      {t(person.role === 'manager' ? 'mediation.consortium.roleManager' : 'mediation.consortium.roleMediator')}
                      {editable ? (
                        <PostForm
                          action={`${base}/equipes/${team.id}/membres/${person.user_id}/retrait`}
                          csrf={csrf}
                          label={t('mediation.consortium.removeFrom', { name: person.display_name, team: team.name })}
                        >
                          <button type="submit" class="secondary">
                            {t('mediation.consortium.removeFrom', { name: person.display_name, team: team.name })}
                          </button>
                        </PostForm>
                      ) : null}
                    </li>
                  ))}
                </ul>
                {editable ? (
                  <>
                    <PostForm
                      action={`${base}/equipes/${team.id}/membres`}
                      csrf={csrf}
                      label={t('mediation.consortium.addPerson', { team: team.name })}
                    >
                      <Select
                        idPrefix={`member-${team.id}`}
                        name="userId"
                        label={t('mediation.consortium.person')}
                        options={overview.candidates
                          .filter((c) => !inTeam.has(c.id) || kept(`member-${team.id}`, 'userId') === c.id)
                          .map((c) => ({ value: c.id, label: `${c.display_name} (${c.email})` }))}
                        value={kept(`member-${team.id}`, 'userId')}
                        problem={problem(`member-${team.id}`, 'userId')}
                      />
                      <Select
                        idPrefix={`member-${team.id}`}
                        name="role"
                        label={t('mediation.consortium.role')}
                        options={[
                          { value: 'mediator', label: t('mediation.consortium.roleMediator') },
                          { value: 'manager', label: t('mediation.consortium.roleManager') },
                        ]}
                        value={kept(`member-${team.id}`, 'role')}
                        problem={problem(`member-${team.id}`, 'role')}
                      />
                      <button type="submit" class="secondary">
                        {t('mediation.consortium.addPerson', { team: team.name })}
                      </button>
                    </PostForm>
                    <PostForm
                      action={`${base}/equipes/${team.id}/secteurs`}
                      csrf={csrf}
                      label={t('mediation.consortium.sectorsFor', { team: team.name })}
                    >
                      <fieldset
                        class={problem(`sectors-${team.id}`, 'territoryIds') ? 'big-choices has-error' : 'big-choices'}
                        id={`sectors-${team.id}-territoryIds`}
                      >
                        <legend>{t('mediation.consortium.sectorsFor', { team: team.name })}</legend>
                        {problem(`sectors-${team.id}`, 'territoryIds') ? (
                          <p class="error">{problem(`sectors-${team.id}`, 'territoryIds')}</p>
                        ) : null}
                        {overview.territories.map((z) => (
                          <div>
                            <input
                              type="checkbox"
                              id={`sectors-${team.id}-${z.id}`}
                              name="territoryIds"
                              value={z.id}
                              checked={team.sectors.some((s) => s.id === z.id)}
                            />{' '}
                            <label for={`sectors-${team.id}-${z.id}`}>
                              {z.name} ({kind(z.kind)})
                            </label>
                          </div>
                        ))}
                      </fieldset>
                      <button type="submit" class="secondary">
                        {t('mediation.consortium.saveSectors')}
                      </button>
                    </PostForm>
                    <PostForm
                      action={`${base}/equipes/${team.id}/nom`}
                      csrf={csrf}
                      label={t('mediation.consortium.rename', { team: team.name })}
                    >
                      <Field
                        t={t}
                        idPrefix={`team-${team.id}`}
                        name="name"
                        label={t('mediation.consortium.newName')}
                        value={kept(`team-${team.id}`, 'name') ?? team.name}
                        required
                        problem={problem(`team-${team.id}`, 'name')}
                      />
                      <button type="submit" class="secondary">
                        {t('mediation.consortium.rename', { team: team.name })}
                      </button>
                    </PostForm>
                  </>
                ) : null}
              </article>
            );
          })}
          {editable ? (
            <PostForm action={`${base}/equipes`} csrf={csrf} label={t('mediation.consortium.createTeam')}>
              <h3>{t('mediation.consortium.createTeam')}</h3>
              <Field
                t={t}
                idPrefix="team-new"
                name="name"
                label={t('mediation.consortium.teamName')}
                value={kept('team-new', 'name')}
                required
                problem={problem('team-new', 'name')}
              />
              <button type="submit">{t('mediation.consortium.createTeam')}</button>
            </PostForm>
          ) : null}
        </section>
        <section aria-labelledby="fundings-title">
          <h2 id="fundings-title">{t('mediation.consortium.fundings')}</h2>
          {overview.fundings.length === 0 ? <p>{t('mediation.consortium.noFunding')}</p> : null}
          <ul>
            {overview.fundings.map((f) => (
              <li>
                {t('mediation.consortium.fundingLine', {
                  organisation: f.organisation,
                  target: f.team ?? f.territory ?? '',
                  year: f.year,
                })}
                {editable ? (
                  <PostForm
                    action={`${base}/financements/${f.id}/retrait`}
                    csrf={csrf}
                    label={t('mediation.consortium.removeFunding')}
                  >
                    <button type="submit" class="secondary">
                      {t('mediation.consortium.removeFunding')}
                    </button>
                  </PostForm>
                ) : null}
              </li>
            ))}
          </ul>
          {editable && overview.members.length ? (
            <PostForm action={`${base}/financements`} csrf={csrf} label={t('mediation.consortium.addFunding')}>
              <h3>{t('mediation.consortium.addFunding')}</h3>
              <Select
                idPrefix="funding"
                name="organisationId"
                label={t('mediation.consortium.member')}
                options={overview.members.map((o) => ({ value: o.id, label: o.name }))}
                value={kept('funding', 'organisationId')}
                problem={problem('funding', 'organisationId')}
              />
              <Select
                idPrefix="funding"
                name="target"
                label={t('mediation.consortium.target')}
                options={[
                  ...overview.teams.map((x) => ({
                    value: `team:${x.id}`,
                    label: `${t('mediation.consortium.kind.team')} — ${x.name}`,
                  })),
                  ...overview.territories.map((z) => ({ value: `territory:${z.id}`, label: `${kind(z.kind)} — ${z.name}` })),
                ]}
                value={kept('funding', 'target')}
                problem={problem('funding', 'target')}
              />
              <Field
                t={t}
                idPrefix="funding"
                name="fromYear"
                type="number"
                label={t('mediation.consortium.fromYear')}
                value={kept('funding', 'fromYear') ?? String(year)}
                required
                problem={problem('funding', 'fromYear')}
              />
              <Field
                t={t}
                idPrefix="funding"
                name="untilYear"
                type="number"
                label={t('mediation.consortium.untilYear')}
                hint={t('mediation.consortium.untilHint')}
                value={kept('funding', 'untilYear')}
                problem={problem('funding', 'untilYear')}
              />
              <button type="submit">{t('mediation.consortium.addFunding')}</button>
            </PostForm>
          ) : null}
        </section>
      </Layout>,
      { status: failed ? 400 : 200 },
    );
  }

  const post = <P extends Record<string, string>>(
    path: string,
    form: (params: P) => string,
    action: (ctx: ReturnType<typeof pageMediationContext>, body: unknown, params: P) => Promise<unknown>,
  ) =>
    app.post(`${page(':slug')}${path}`, manageRoute, async (request, reply) => {
      const ctx = pageMediationContext(deps, request);
      const params = request.params as P;
      return submitForm(
        reply,
        () => action(ctx, request.body, params),
        (problems) => render(request, reply, { form: form(params), problems }),
        page(ctx.tenant.slug),
      );
    });

  app.get<{ Params: { slug: string } }>(page(':slug'), manageRoute, (request, reply) => render(request, reply));
  post(
    '/equipes',
    () => 'team-new',
    (ctx, b) => saveTeam(ctx, { name: field(b, 'name') }),
  );
  post<{ id: string }>(
    '/equipes/:id/nom',
    (x) => `team-${x.id}`,
    (ctx, b, x) => saveTeam(ctx, { id: x.id, name: field(b, 'name') }),
  );
  post<{ id: string }>(
    '/equipes/:id/secteurs',
    (x) => `sectors-${x.id}`,
    (ctx, b, x) => setTeamSectors(ctx, { teamId: x.id, territoryIds: fieldList(b, 'territoryIds') }),
  );
  post<{ id: string }>(
    '/equipes/:id/membres',
    (x) => `member-${x.id}`,
    (ctx, b, x) => setTeamMember(ctx, { teamId: x.id, userId: field(b, 'userId'), role: field(b, 'role') }),
  );
  post<{ id: string; userId: string }>(
    '/equipes/:id/membres/:userId/retrait',
    (x) => `member-${x.id}`,
    (ctx, _b, x) => removeTeamMember(ctx, { teamId: x.id, userId: x.userId }),
  );
  post(
    '/financements',
    () => 'funding',
    (ctx, b) =>
      addFunding(ctx, {
        organisationId: field(b, 'organisationId'),
        target: field(b, 'target'),
        fromYear: field(b, 'fromYear'),
        untilYear: field(b, 'untilYear'),
      }),
  );
  post<{ id: string }>(
    '/financements/:id/retrait',
    () => 'funding',
    (ctx, _b, x) => removeFunding(ctx, { id: x.id }),
  );
}
