import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { longDate } from '../../../platform/i18n/dates.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { addCouncilMember } from './add-council-member.js';
import { listMembers, listSessions, memberName, organisationChoices, staffChoices } from './council-queries.js';
import { toWallClock } from './council-time.js';
import {
  CouncilNav,
  coordinationBase,
  type FormState,
  formOf,
  manageRoute,
  Notice,
  requireProgramme,
  Section,
  Select,
  submitForm,
  TextArea,
  viewRoute,
} from './page-common.js';
import { scheduleSession } from './schedule-session.js';
import { councilRoles, sessionKinds } from './tables.js';

/** The council: its members and its sessions; those who manage it add members and schedule sessions. */
export function registerCouncilPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function councilPage(request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const page = pageContext(request, `${base}/conseil`);
    const { t, lang } = page;
    const manages = can(request.actor, 'coordination.manage');
    const data = await withTenant(db, tenant.id, async (tx) => ({
      members: await listMembers(tx),
      sessions: await listSessions(tx),
      organisations: manages ? await organisationChoices(tx) : [],
      staff: manages ? await staffChoices(tx) : [],
    }));
    const member = formOf(state, 'member', lang);
    const session = formOf(state, 'session', lang);
    const now = toWallClock(deps.clock.now(), tenant.time_zone).slice(0, 10);
    return sendPage(
      reply,
      <Layout page={page} title={t('council.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('council.title')}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        <Section id="members" title={t('council.members')}>
          {data.members.length === 0 ? (
            <p>{t('council.none')}</p>
          ) : (
            <section class="table-scroll" tabindex={0} aria-label={t('council.members')}>
              <table id="membres">
                <thead>
                  <tr>
                    <th scope="col">{t('council.member')}</th>
                    <th scope="col">{t('council.role')}</th>
                    <th scope="col">{t('council.fromOn')}</th>
                    <th scope="col">{t('council.untilOn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.members.map((m) => (
                    <tr>
                      <th scope="row">{memberName(m)}</th>
                      <td>{t(`council.role.${m.council_role}`)}</td>
                      <td>{longDate(m.from_on, lang)}</td>
                      <td>{m.until_on ? longDate(m.until_on, lang) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </Section>
        <Section id="sessions" title={t('council.sessions')}>
          {data.sessions.length === 0 ? (
            <p>{t('council.none')}</p>
          ) : (
            <ul id="seances">
              {data.sessions.map((s) => (
                <li>
                  <a href={localHref(`${base}/conseil/seances/${s.id}`, lang)}>
                    {`${toWallClock(s.starts_at, tenant.time_zone).replace('T', ' ')} — ${s.title}`}
                  </a>{' '}
                  ({t(`council.kind.${s.kind}`)}, {s.place})
                </li>
              ))}
            </ul>
          )}
        </Section>
        {manages ? (
          <>
            <Section id="add-member" title={t('council.addMember')}>
              <FormErrors t={t} lang={lang} problems={member.problems} idPrefix="member" />
              <PostForm action={`${base}/conseil/membres`} csrf={request.csrf()} label={t('council.addMember')}>
                <Select
                  idPrefix="member"
                  name="organisationId"
                  label={t('council.organisation')}
                  value={member.v('organisationId')}
                  problem={member.p('organisationId')}
                  options={[
                    { value: '', label: t('council.organisationNone') },
                    ...data.organisations.map((o) => ({ value: o.id, label: o.name })),
                  ]}
                />
                <Field
                  t={t}
                  idPrefix="member"
                  name="personName"
                  label={t('council.personName')}
                  value={member.v('personName')}
                  problem={member.p('personName')}
                />
                <Field
                  t={t}
                  idPrefix="member"
                  name="personFunction"
                  label={t('council.personFunction')}
                  value={member.v('personFunction')}
                  problem={member.p('personFunction')}
                />
                <Select
                  idPrefix="member"
                  name="councilRole"
                  label={t('council.role')}
                  value={member.v('councilRole') ?? 'member'}
                  problem={member.p('councilRole')}
                  options={councilRoles.map((r) => ({ value: r, label: t(`council.role.${r}`) }))}
                />
                <Select
                  idPrefix="member"
                  name="userId"
                  label={t('council.account')}
                  value={member.v('userId')}
                  problem={member.p('userId')}
                  options={[
                    { value: '', label: t('council.accountNone') },
                    ...data.staff.map((s) => ({ value: s.id, label: `${s.display_name} (${s.email})` })),
                  ]}
                />
                <Field
                  t={t}
                  idPrefix="member"
                  name="fromOn"
                  type="date"
                  label={t('council.fromOn')}
                  value={member.v('fromOn') ?? now}
                  problem={member.p('fromOn')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="member"
                  name="untilOn"
                  type="date"
                  label={t('council.untilOn')}
                  value={member.v('untilOn')}
                  problem={member.p('untilOn')}
                />
                <button type="submit">{t('council.addMember')}</button>
              </PostForm>
            </Section>
            <Section id="add-session" title={t('council.addSession')}>
              <FormErrors t={t} lang={lang} problems={session.problems} idPrefix="session" />
              <PostForm action={`${base}/conseil/seances`} csrf={request.csrf()} label={t('council.addSession')}>
                <Select
                  idPrefix="session"
                  name="kind"
                  label={t('council.kind')}
                  value={session.v('kind')}
                  problem={session.p('kind')}
                  options={sessionKinds.map((k) => ({ value: k, label: t(`council.kind.${k}`) }))}
                />
                <Field
                  t={t}
                  idPrefix="session"
                  name="title"
                  label={t('council.sessionTitle')}
                  value={session.v('title')}
                  problem={session.p('title')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="session"
                  name="startsAt"
                  type="datetime-local"
                  label={t('council.startsAt')}
                  value={session.v('startsAt')}
                  problem={session.p('startsAt')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="session"
                  name="endsAt"
                  type="datetime-local"
                  label={t('council.endsAt')}
                  value={session.v('endsAt')}
                  problem={session.p('endsAt')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="session"
                  name="place"
                  label={t('council.place')}
                  value={session.v('place')}
                  problem={session.p('place')}
                  required
                />
                <TextArea
                  idPrefix="session"
                  name="agenda"
                  label={t('council.agenda')}
                  hint={t('council.agendaHint')}
                  value={session.v('agenda')}
                  problem={session.p('agenda')}
                />
                <button type="submit">{t('council.addSession')}</button>
              </PostForm>
            </Section>
          </>
        ) : null}
      </Layout>,
      { status: state.status },
    );
  }

  const base = coordinationBase(':slug');
  app.get(`${base}/conseil`, viewRoute, (request, reply) => councilPage(request, reply));
  app.post<{ Params: { slug: string } }>(`${base}/conseil/membres`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'member',
      () =>
        addCouncilMember(requestContext(deps, request), {
          organisationId: field(request.body, 'organisationId'),
          personName: field(request.body, 'personName'),
          personFunction: field(request.body, 'personFunction'),
          councilRole: field(request.body, 'councilRole'),
          userId: field(request.body, 'userId'),
          fromOn: field(request.body, 'fromOn'),
          untilOn: field(request.body, 'untilOn'),
        }),
      (state) => councilPage(request, reply, state),
      `${coordinationBase(request.params.slug)}/conseil`,
    ),
  );
  app.post<{ Params: { slug: string } }>(`${base}/conseil/seances`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'session',
      () =>
        scheduleSession(requestContext(deps, request), {
          kind: field(request.body, 'kind'),
          title: field(request.body, 'title'),
          startsAt: field(request.body, 'startsAt'),
          endsAt: field(request.body, 'endsAt'),
          place: field(request.body, 'place'),
          agenda: field(request.body, 'agenda'),
        }),
      (state) => councilPage(request, reply, state),
      `${coordinationBase(request.params.slug)}/conseil`,
    ),
  );
}
