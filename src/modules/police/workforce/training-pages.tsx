import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { longDate } from '../../../platform/i18n/dates.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { CsvTransfer } from './csv-transfer.js';
import { categoryLabel } from './dashboard-pages.js';
import { type FormState, PoliceNav, policeBase, Select } from './page-common.js';
import { localToday } from './problems.js';
import { attendanceStatuses, trainingKinds } from './tables.js';
import { readCompliance } from './training-compliance.js';
import { listAgents } from './workforce-queries.js';

/** The catalogue, the sessions (with the iCalendar feed) and the forms to add to them. */
export async function sendTrainingsPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
  const tenant = request.tenant!;
  const base = policeBase(tenant.slug);
  const page = pageContext(request, `${base}/formations`);
  const { t, lang } = page;
  const tz = tenant.time_zone;
  const { modules, sessions, agents } = await withTenant(deps.database.db, tenant.id, async (tx) => ({
    modules: await tx
      .selectFrom('police_training_modules')
      .select(['id', 'title', 'provider', 'kind', 'validity_months'])
      .orderBy('title')
      .execute(),
    sessions: await tx
      .selectFrom('police_training_sessions as s')
      .innerJoin('police_training_modules as m', 'm.id', 's.module_id')
      .leftJoin('police_training_attendance as a', 'a.session_id', 's.id')
      .select((eb) => [
        's.id',
        's.starts_at',
        's.ends_at',
        's.place',
        's.trainer',
        's.capacity',
        'm.title',
        eb.fn.count('a.agent_id').as('taken'),
      ])
      .groupBy(['s.id', 'm.title'])
      .orderBy('s.starts_at', 'desc')
      .limit(200)
      .execute(),
    agents: await listAgents(tx),
  }));
  const form = state.values?.form;
  const s = (name: string) => (state.values?.form === name ? state : undefined);
  const p = (f: string, name: string) => (form === f ? fieldProblem(state.problems, name, lang) : undefined);
  const v = (f: string, name: string) => (form === f ? state.values?.[name] : undefined);
  const when = (d: Date) =>
    d.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' });
  return sendPage(
    reply,
    <Layout page={page} title={t('police.trainings')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.trainings')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      <p>
        <a href={`${base}/formations/sessions.ics`}>{t('police.calendar')}</a>
      </p>
      <CsvTransfer
        t={t}
        lang={lang}
        csrf={request.csrf()}
        download={`${base}/formations.csv`}
        upload={`${base}/formations/import`}
        state={state}
      />
      <h2 id="modules-title">{t('police.module')}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="modules-title">
        <table id="modules">
          <thead>
            <tr>
              <th scope="col">{t('police.title')}</th>
              <th scope="col">{t('police.provider')}</th>
              <th scope="col">{t('police.trainingKind')}</th>
              <th scope="col" class="num">
                {t('police.validityMonths')}
              </th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr>
                <th scope="row">{m.title}</th>
                <td>{m.provider}</td>
                <td>{t(`police.tk.${m.kind}` as MessageKey)}</td>
                <td class="num">{m.validity_months ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {can(request.actor, 'police.workforce') ? (
        <>
          <h3>{t('police.newModule')}</h3>
          {form === 'module' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
          <PostForm action={`${base}/formations/modules`} csrf={request.csrf()} label={t('police.newModule')}>
            <input type="hidden" name="form" value="module" />
            <Field
              t={t}
              name="title"
              label={t('police.title')}
              required
              value={v('module', 'title')}
              problem={p('module', 'title')}
            />
            <Field
              t={t}
              name="provider"
              label={t('police.provider')}
              required
              value={v('module', 'provider')}
              problem={p('module', 'provider')}
            />
            <Select
              name="kind"
              label={t('police.trainingKind')}
              lang={lang}
              state={s('module')}
              options={trainingKinds.map((k) => ({ value: k, label: t(`police.tk.${k}` as MessageKey) }))}
            />
            <Field
              t={t}
              name="validityMonths"
              type="number"
              label={t('police.validityMonths')}
              value={v('module', 'validityMonths')}
              problem={p('module', 'validityMonths')}
            />
            <button type="submit">{t('police.create')}</button>
          </PostForm>
        </>
      ) : null}
      <h2 id="sessions-title">{t('police.sessions')}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="sessions-title">
        <table id="sessions">
          <thead>
            <tr>
              <th scope="col">{t('police.module')}</th>
              <th scope="col">{t('police.startsAt')}</th>
              <th scope="col">{t('police.endsAt')}</th>
              <th scope="col">{t('police.place')}</th>
              <th scope="col">{t('police.trainer')}</th>
              <th scope="col" class="num">
                {t('police.taken')}
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((x) => (
              <tr>
                <th scope="row">{x.title}</th>
                <td>{when(x.starts_at)}</td>
                <td>{when(x.ends_at)}</td>
                <td>{x.place}</td>
                <td>{x.trainer}</td>
                <td class="num">{`${Number(x.taken)} / ${x.capacity}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h3>{t('police.newSession')}</h3>
      {form === 'session' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
      <PostForm action={`${base}/formations/sessions`} csrf={request.csrf()} label={t('police.newSession')}>
        <input type="hidden" name="form" value="session" />
        <Select
          name="moduleId"
          label={t('police.module')}
          lang={lang}
          state={s('session')}
          options={modules.map((m) => ({ value: m.id, label: m.title }))}
        />
        <Field
          t={t}
          name="startsAt"
          type="datetime-local"
          label={t('police.startsAt')}
          hint={t('police.localTimeHint', { zone: tz })}
          required
          value={v('session', 'startsAt')}
          problem={p('session', 'startsAt')}
        />
        <Field
          t={t}
          name="endsAt"
          type="datetime-local"
          label={t('police.endsAt')}
          hint={t('police.localTimeHint', { zone: tz })}
          required
          value={v('session', 'endsAt')}
          problem={p('session', 'endsAt')}
        />
        <Field
          t={t}
          name="place"
          label={t('police.place')}
          required
          value={v('session', 'place')}
          problem={p('session', 'place')}
        />
        <Field
          t={t}
          name="trainer"
          label={t('police.trainer')}
          required
          value={v('session', 'trainer')}
          problem={p('session', 'trainer')}
        />
        <Field
          t={t}
          name="capacity"
          type="number"
          label={t('police.capacity')}
          required
          value={v('session', 'capacity')}
          problem={p('session', 'capacity')}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
      <h3>{t('police.enrol')}</h3>
      {form === 'attendance' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
      <PostForm action={`${base}/formations/presences`} csrf={request.csrf()} label={t('police.enrol')}>
        <input type="hidden" name="form" value="attendance" />
        <Select
          name="sessionId"
          label={t('police.sessions')}
          lang={lang}
          state={s('attendance')}
          options={sessions.map((x) => ({ value: x.id, label: `${x.title} — ${when(x.starts_at)}` }))}
        />
        <Select
          name="agentId"
          label={t('police.agent')}
          lang={lang}
          state={s('attendance')}
          options={agents.map((a) => ({ value: a.id, label: `${a.family_name} ${a.given_name} (${a.staff_number})` }))}
        />
        <Select
          name="status"
          label={t('police.attendance')}
          lang={lang}
          state={s('attendance')}
          options={attendanceStatuses.map((x) => ({ value: x, label: t(`police.at.${x}` as MessageKey) }))}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
    </Layout>,
    { sensitive: true, status: state.status },
  );
}

/** Compliance per module and unit, and the list of agents to enrol. */
export async function sendCompliancePage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const tenant = request.tenant!;
  const page = pageContext(request);
  const { t, lang } = page;
  const today = localToday(deps.clock.now(), tenant.time_zone);
  const modules = await readCompliance(deps.database.db, tenant, today, deps.clock.now());
  const base = policeBase(tenant.slug);
  return sendPage(
    reply,
    <Layout page={page} title={t('police.compliance')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.compliance')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      <p>{t('police.complianceIntro')}</p>
      {modules.length === 0 ? <p>{t('police.none')}</p> : null}
      {modules.map((m, i) => {
        const toEnrol = m.agents.filter((a) => a.state !== 'trained');
        return (
          <section aria-labelledby={`module-${i}`}>
            <h2 id={`module-${i}`}>{m.module.title}</h2>
            <p class="hint">{`${m.module.provider} · ${t(`police.tk.${m.module.kind}` as MessageKey)} · ${m.module.required_for.map((c) => categoryLabel(t, c)).join(', ')}`}</p>
            <section class="table-scroll" tabindex={0} aria-label={`${m.module.title} — ${t('police.unit')}`}>
              <table class="compliance">
                <thead>
                  <tr>
                    <th scope="col">{t('police.unit')}</th>
                    <th scope="col" class="num">
                      {t('police.trained')}
                    </th>
                    <th scope="col" class="num">
                      {t('police.dueTraining')}
                    </th>
                    <th scope="col" class="num">
                      {t('police.never')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.byUnit.map((u) => (
                    <tr>
                      <th scope="row">{u.unit}</th>
                      <td class="num">{u.trained}</td>
                      <td class="num">{u.due}</td>
                      <td class="num">{u.never}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t('police.total')}</th>
                    <td class="num">{m.totals.trained}</td>
                    <td class="num">{m.totals.due}</td>
                    <td class="num">{m.totals.never}</td>
                  </tr>
                </tbody>
              </table>
            </section>
            <details>
              <summary>{t('police.toEnrol', { count: toEnrol.length })}</summary>
              <ul class="to-enrol">
                {toEnrol.map((a) => (
                  <li>
                    <a href={`${base}/agents/${a.agent.id}`}>{`${a.agent.family_name} ${a.agent.given_name}`}</a>
                    {` — ${a.unit ?? '—'} — ${a.state === 'never' ? t('police.never') : `${t('police.lastOn')} ${longDate(a.lastOn!, lang)}`}`}
                    {a.enrolled ? ` (${t('police.alreadyEnrolled')})` : ''}
                  </li>
                ))}
              </ul>
            </details>
          </section>
        );
      })}
    </Layout>,
    { sensitive: true },
  );
}
