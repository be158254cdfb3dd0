import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { listRounds, openRoundOf } from './mediation-queries.js';
import { mediationViewer, teamsInReach } from './mediation-scope.js';
import {
  Choices,
  fieldList,
  fieldRoute,
  localInstant,
  localTime,
  localToday,
  MediationNav,
  mediationBase,
  pageMediationContext,
  Select,
  submitForm,
} from './pages-common.js';
import { recordEncounter } from './record-encounter.js';
import { endRound, recordRound } from './record-round.js';
import { actionKinds, activities, ageBands, genders, themes } from './vocabulary.js';

const PEOPLE_ROWS = 4;

/** The mediator's field page: start or end a round, record encounters with the fixed lists. */
export function registerFieldPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const page = (slug: string) => `${mediationBase(slug)}/terrain`;

  async function render(request: FastifyRequest, reply: FastifyReply, failed?: { form: string; problems: FieldProblem[] }) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const p = pageContext(request, page(tenant.slug));
    const { t, lang } = p;
    const tz = tenant.time_zone;
    const now = deps.clock.now();
    const { teams, open, rounds } = await withTenant(
      db,
      tenant.id,
      async (tx) => {
        const viewer = await mediationViewer(tx, ctx.actor);
        return {
          teams: await teamsInReach(tx, viewer),
          open: ctx.actor.userId ? await openRoundOf(tx, ctx.actor.userId) : undefined,
          rounds: await listRounds(tx, viewer, 8),
        };
      },
      { userId: ctx.actor.userId },
    );
    const body = request.body as Record<string, string> | undefined;
    const problem = (form: string, name: string) =>
      failed?.form === form ? fieldProblem(failed.problems, name, lang) : undefined;
    const csrf = request.csrf();
    const teamOf = (id: string) => teams.find((x) => x.id === id);
    const openTeam = open ? teamOf(open.team_id) : undefined;
    const sectorOptions = teams.flatMap((team) =>
      team.sectors.map((s) => ({ value: `${team.id}|${s.id}`, label: `${team.name} — ${s.name}` })),
    );
    return sendPage(
      reply,
      <Layout
        page={p}
        title={t('mediation.field.title')}
        homeHref={`/t/${tenant.slug}/espace/`}
        head={<link rel="manifest" href={`${mediationBase(tenant.slug)}/manifest.webmanifest`} />}
      >
        <h1>{t('mediation.field.title')}</h1>
        <MediationNav slug={tenant.slug} t={t} lang={lang} manage={can(ctx.actor, 'mediation.manage')} />
        {teams.length ? <Outbox slug={tenant.slug} t={t} userId={ctx.actor.userId ?? ''} now={localTime(now, tz)} /> : null}
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={failed.form} /> : null}
        {teams.length === 0 ? <p>{t('mediation.field.noTeam')}</p> : null}
        {open && openTeam ? (
          <section aria-labelledby="round-current">
            <h2 id="round-current">
              {t('mediation.round.current', {
                team: openTeam.name,
                sector: openTeam.sectors.find((s) => s.id === open.sector_id)?.name ?? '',
                time: localTime(open.started_at, tz),
              })}
            </h2>
            <PostForm action={`${page(tenant.slug)}/tournee/${open.id}/fin`} csrf={csrf} label={t('mediation.round.end')}>
              <Field
                t={t}
                idPrefix="end"
                name="end"
                type="time"
                label={t('mediation.round.endTime')}
                value={localTime(now, tz)}
                required
                problem={problem('end', 'endedAt')}
              />
              <button type="submit" class="secondary">
                {t('mediation.round.end')}
              </button>
            </PostForm>
          </section>
        ) : teams.length ? (
          <section aria-labelledby="round-start">
            <h2 id="round-start">{t('mediation.round.start')}</h2>
            <PostForm action={`${page(tenant.slug)}/tournee`} csrf={csrf} label={t('mediation.round.start')}>
              <input type="hidden" name="id" value={failed?.form === 'round' ? (body?.id ?? randomUUID()) : randomUUID()} />
              <Select
                idPrefix="round"
                name="sectorId"
                label={t('mediation.round.sector')}
                options={sectorOptions}
                value={body?.sectorId}
                problem={problem('round', 'sectorId')}
              />
              <Field
                t={t}
                idPrefix="round"
                name="date"
                type="date"
                label={t('mediation.round.date')}
                value={body?.date ?? localToday(now, tz)}
                required
                problem={problem('round', 'date')}
              />
              <Field
                t={t}
                idPrefix="round"
                name="startedAt"
                type="time"
                label={t('mediation.round.startTime')}
                value={body?.startedAt ?? localTime(now, tz)}
                required
                problem={problem('round', 'startedAt')}
              />
              <button type="submit">{t('mediation.round.submitStart')}</button>
            </PostForm>
          </section>
        ) : null}
        {teams.length ? (
          <section aria-labelledby="encounter-title">
            <h2 id="encounter-title">{t('mediation.encounter.title')}</h2>
            <p class="hint">{t('mediation.encounter.privacy')}</p>
            <PostForm action={`${page(tenant.slug)}/rencontre`} csrf={csrf} label={t('mediation.encounter.title')}>
              <input type="hidden" name="id" value={failed?.form === 'encounter' ? (body?.id ?? randomUUID()) : randomUUID()} />
              {open ? (
                <input type="hidden" name="roundId" value={open.id} />
              ) : (
                <>
                  <p>{t('mediation.encounter.appointment')}</p>
                  <Select
                    idPrefix="encounter"
                    name="teamId"
                    label={t('mediation.encounter.team')}
                    options={teams.map((x) => ({ value: x.id, label: x.name }))}
                    value={body?.teamId}
                  />
                </>
              )}
              <Field
                t={t}
                idPrefix="encounter"
                name="occurredAt"
                type="time"
                label={t('mediation.encounter.time')}
                value={localTime(now, tz)}
                required
                problem={problem('encounter', 'occurredAt')}
              />
              <Field
                t={t}
                idPrefix="encounter"
                name="peopleCount"
                type="number"
                label={t('mediation.encounter.people')}
                value={failed?.form === 'encounter' ? body?.peopleCount : '1'}
                required
                problem={problem('encounter', 'peopleCount') ?? problem('encounter', 'people')}
              />
              <Choices
                idPrefix="encounter"
                name="themes"
                legend={t('mediation.encounter.themes')}
                values={themes}
                label={(v) => t(`mediation.theme.${v}` as MessageKey)}
                checked={failed?.form === 'encounter' ? fieldList(body, 'themes') : []}
                problem={problem('encounter', 'themes')}
              />
              <Choices
                idPrefix="encounter"
                name="activity"
                type="radio"
                legend={t('mediation.encounter.activity')}
                values={activities}
                label={(v) => t(`mediation.activity.${v}` as MessageKey)}
                checked={[failed?.form === 'encounter' ? (body?.activity ?? 'presence') : 'presence']}
                problem={problem('encounter', 'activity')}
              />
              <Choices
                idPrefix="encounter"
                name="actions"
                legend={t('mediation.encounter.actions')}
                values={actionKinds}
                label={(v) => t(`mediation.action.${v}` as MessageKey)}
                checked={failed?.form === 'encounter' ? fieldList(body, 'actions') : []}
                problem={problem('encounter', 'actions')}
              />
              <div class="big-choices">
                <div>
                  <input type="checkbox" id="encounter-faireAvec" name="faireAvec" value="yes" />{' '}
                  <label for="encounter-faireAvec">{t('mediation.encounter.faireAvec')}</label>
                </div>
              </div>
              <div class="field">
                <input type="hidden" name="lat" value="" />
                <input type="hidden" name="lon" value="" />
                <button
                  type="button"
                  class="secondary"
                  data-locate
                  data-done={t('mediation.encounter.located')}
                  data-failed={t('mediation.encounter.locateFailed')}
                  aria-describedby="encounter-locate-hint"
                  hidden
                >
                  {t('mediation.encounter.locate')}
                </button>
                <p class="hint" id="encounter-locate-hint">
                  {t('mediation.encounter.locateHint')}
                </p>
                <p data-locate-status role="status" />
              </div>
              <details>
                <summary>{t('mediation.encounter.peopleDetail')}</summary>
                {Array.from({ length: PEOPLE_ROWS }, (_, i) => (
                  <fieldset>
                    <legend>{t('mediation.encounter.person', { n: i + 1 })}</legend>
                    <Select
                      idPrefix={`person${i}`}
                      name={`person${i}Age`}
                      label={t('mediation.encounter.ageBand')}
                      options={[
                        { value: '', label: t('mediation.encounter.notSaid') },
                        ...ageBands.map((v) => ({ value: v, label: t(`mediation.age.${v}` as MessageKey) })),
                      ]}
                    />
                    <Select
                      idPrefix={`person${i}`}
                      name={`person${i}Gender`}
                      label={t('mediation.encounter.gender')}
                      options={[
                        { value: '', label: t('mediation.encounter.notSaid') },
                        ...genders.map((v) => ({ value: v, label: t(`mediation.gender.${v}` as MessageKey) })),
                      ]}
                    />
                  </fieldset>
                ))}
              </details>
              <button type="submit">{t('mediation.encounter.submit')}</button>
            </PostForm>
          </section>
        ) : null}
        {rounds.length ? (
          <section aria-labelledby="rounds-recent">
            <h2 id="rounds-recent">{t('mediation.round.recent')}</h2>
            <ul>
              {rounds.map((r) => (
                <li>
                  {t('mediation.round.line', {
                    date: r.round_date,
                    team: r.team_name,
                    sector: r.sector_name,
                    start: localTime(r.started_at, tz),
                    end: r.ended_at ? localTime(r.ended_at, tz) : t('mediation.round.underway'),
                    count: Number(r.encounters ?? 0),
                  })}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {teams.length ? <script src="/static/mediation-field.js" defer /> : null}
      </Layout>,
      { sensitive: true, status: failed ? 400 : 200 },
    );
  }

  app.get<{ Params: { slug: string } }>(page(':slug'), fieldRoute, (request, reply) => render(request, reply));

  app.post<{ Params: { slug: string } }>(`${page(':slug')}/tournee`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const [teamId = '', sectorId = ''] = field(request.body, 'sectorId').split('|');
    const date = field(request.body, 'date');
    return submitForm(
      reply,
      () =>
        recordRound(ctx, {
          id: field(request.body, 'id'),
          teamId,
          sectorId,
          date,
          startedAt: localInstant(date, field(request.body, 'startedAt'), ctx.tenant.time_zone),
        }),
      (problems) => render(request, reply, { form: 'round', problems }),
      page(ctx.tenant.slug),
    );
  });

  app.post<{ Params: { slug: string; id: string } }>(`${page(':slug')}/tournee/:id/fin`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const today = localToday(deps.clock.now(), ctx.tenant.time_zone);
    return submitForm(
      reply,
      () =>
        endRound(ctx, { id: request.params.id, endedAt: localInstant(today, field(request.body, 'end'), ctx.tenant.time_zone) }),
      (problems) => render(request, reply, { form: 'end', problems }),
      page(ctx.tenant.slug),
    );
  });

  app.post<{ Params: { slug: string } }>(`${page(':slug')}/rencontre`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const body = request.body;
    const roundId = field(body, 'roundId');
    const people = Array.from({ length: PEOPLE_ROWS }, (_, i) => ({
      ageBand: field(body, `person${i}Age`) || undefined,
      gender: field(body, `person${i}Gender`) || undefined,
    })).filter((p) => p.ageBand || p.gender);
    const count = field(body, 'peopleCount');
    // Filled by « Utiliser ma position » (JavaScript); the server derives the QPV from it, as for the API.
    const coordinate = (name: string) => {
      const raw = field(body, name);
      return raw === '' ? undefined : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    };
    const lat = coordinate('lat');
    const lon = coordinate('lon');
    return submitForm(
      reply,
      () =>
        recordEncounter(ctx, {
          id: field(body, 'id'),
          ...(roundId ? { roundId } : { teamId: field(body, 'teamId'), onAppointment: true }),
          occurredAt: localInstant(
            localToday(deps.clock.now(), ctx.tenant.time_zone),
            field(body, 'occurredAt'),
            ctx.tenant.time_zone,
          ),
          peopleCount: /^\d+$/.test(count) ? Number(count) : Number.NaN,
          ...(people.length ? { people } : {}),
          themes: fieldList(body, 'themes'),
          activity: field(body, 'activity'),
          actions: fieldList(body, 'actions'),
          faireAvec: field(body, 'faireAvec') === 'yes',
          ...(lat === undefined ? {} : { lat }),
          ...(lon === undefined ? {} : { lon }),
        }),
      (problems) => render(request, reply, { form: 'encounter', problems }),
      page(ctx.tenant.slug),
    );
  });
}

const outboxTexts = [
  'pending',
  'sent',
  'rejected',
  'signInNeeded',
  'signIn',
  'edit',
  'delete',
  'editing',
  'deleted',
  'saved',
  'sending',
  'offline',
  'waiting',
  'someRejected',
  'allSent',
  'notFound',
  'refused',
  'roundStart',
  'roundEnd',
  'encounter',
  'deviceRound',
] as const;

/**
 * « En attente d'envoi »: hidden until the field script shows it (without JavaScript the forms post as usual).
 * The script finds its addresses and its texts here, in the page's language, and the signed-in user: the
 * entries kept on the phone are that user's (another mediator signing in on the same phone sees their own).
 * A round started on the phone, not yet sent, is ended with the form here (queued after its start).
 */
function Outbox({ slug, t, userId, now }: { slug: string; t: Translate; userId: string; now: string }) {
  const texts = Object.fromEntries(outboxTexts.map((key) => [key, t(`mediation.outbox.${key}` as MessageKey)]));
  const page = `${mediationBase(slug)}/terrain`;
  return (
    <section
      class="outbox"
      aria-labelledby="outbox-title"
      data-outbox
      data-sync-url={`${page}/sync`}
      data-token-url={`${page}/jeton`}
      data-sw-url={`${mediationBase(slug)}/sw.js`}
      data-sign-in-url={`/connexion?suite=${encodeURIComponent(page)}`}
      data-texts={JSON.stringify(texts)}
      data-user={userId}
      hidden
    >
      <h2 id="outbox-title">{t('mediation.outbox.title')}</h2>
      <p class="hint">{t('mediation.outbox.intro')}</p>
      <p data-outbox-status role="status" aria-live="polite" />
      <p data-device-round hidden />
      <form data-device-end aria-label={t('mediation.round.end')} hidden>
        <Field t={t} idPrefix="device-end" name="end" type="time" label={t('mediation.round.endTime')} value={now} required />
        <button type="submit" class="secondary">
          {t('mediation.round.end')}
        </button>
      </form>
      <ul class="outbox-list" data-outbox-list />
      <ul class="outbox-list" data-outbox-sent aria-label={t('mediation.outbox.sentTitle')} hidden />
    </section>
  );
}
