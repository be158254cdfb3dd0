import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { type Actor, can } from '../../../platform/access/actor.js';
import { CSRF_FIELD } from '../../../platform/accounts/csrf.js';
import type { AppDeps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { longDate } from '../../../platform/i18n/dates.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { isUuid } from './council-input.js';
import { listMembers, loadSession, memberName, staffChoices } from './council-queries.js';
import { toWallClock } from './council-time.js';
import { createTask } from './create-task.js';
import {
  CouncilNav,
  coordinationBase,
  type FormState,
  formOf,
  type Id,
  manageRoute,
  Notice,
  requireProgramme,
  Section,
  Select,
  submitForm,
  TextArea,
  typed,
  viewRoute,
} from './page-common.js';
import { recordAttendance } from './record-attendance.js';
import { recordDecision } from './record-decision.js';
import { recordMinutes } from './record-minutes.js';
import { sheetChoices } from './strategy-queries.js';
import { presences } from './tables.js';
import { TaskFields } from './task-fields.js';

const upload = {
  ...manageRoute,
  config: { ...manageRoute.config, multipartOptions: { limits: { fileSize: 6 * 1024 * 1024, files: 1 } } },
};

type Loaded = NonNullable<Awaited<ReturnType<typeof loadSession>>>;
type Members = Awaited<ReturnType<typeof listMembers>>;

/**
 * Who reads a session's minutes and decisions: for a plenary, everyone with coordination.view once the
 * minutes are published (decisions always); for a restricted session, those who manage the council and
 * the members recorded present who have an account here.
 */
export function readsMinutes(actor: Actor, loaded: Loaded, members: Members): { minutes: boolean; decisions: boolean } {
  if (can(actor, 'coordination.manage')) return { minutes: true, decisions: true };
  if (loaded.session.kind === 'plenary') return { minutes: loaded.session.minutes_published, decisions: true };
  const attended =
    actor.userId !== undefined &&
    loaded.attendance.some(
      (a) => a.presence === 'present' && members.find((m) => m.id === a.member_id)?.user_id === actor.userId,
    );
  return { minutes: attended && loaded.session.minutes_published, decisions: attended };
}

/** A session: agenda, attendance, minutes, decisions and the tasks made from them. */
export function registerSessionPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function load(request: FastifyRequest<Id>) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const { id } = request.params;
    const manages = can(request.actor, 'coordination.manage');
    const data = await withTenant(db, tenant.id, async (tx) => {
      const loaded = isUuid(id) ? await loadSession(tx, id) : undefined;
      if (!loaded) return undefined;
      return {
        loaded,
        members: await listMembers(tx),
        staff: manages ? await staffChoices(tx) : [],
        sheets: manages ? await sheetChoices(tx) : [],
      };
    });
    if (!data) throw notFound('Session');
    return data;
  }

  async function sessionPage(request: FastifyRequest<Id>, reply: FastifyReply, state: FormState = {}) {
    const data = await load(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const here = `${base}/conseil/seances/${request.params.id}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const manages = can(request.actor, 'coordination.manage');
    const { session, attendance, hasPdf, decisions, tasks } = data.loaded;
    const reads = readsMinutes(request.actor, data.loaded, data.members);
    const minutesForm = formOf(state, 'minutes', lang);
    const decisionForm = formOf(state, 'decision', lang);
    const taskForm = formOf(state, 'task', lang);
    const attendanceForm = formOf(state, 'attendance', lang);
    const presenceOf = (memberId: string) =>
      attendanceForm.v(`presence-${memberId}`) ?? attendance.find((a) => a.member_id === memberId)?.presence ?? '';
    const title = `${session.title} — ${longDate(toWallClock(session.starts_at, tenant.time_zone).slice(0, 10), lang)}`;
    return sendPage(
      reply,
      <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{title}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        <p>
          {t(`council.kind.${session.kind}`)} · {toWallClock(session.starts_at, tenant.time_zone).replace('T', ' ')} –{' '}
          {toWallClock(session.ends_at, tenant.time_zone).slice(11)} · {session.place}
        </p>
        {session.kind === 'restricted' ? <p>{t('council.minutesRestricted')}</p> : null}
        <Section id="agenda" title={t('council.agenda')}>
          {session.agenda.length ? (
            <ol>
              {session.agenda.map((item) => (
                <li>{item}</li>
              ))}
            </ol>
          ) : (
            <p>{t('council.none')}</p>
          )}
        </Section>
        <Section id="attendance" title={t('council.attendance')}>
          {manages ? (
            <>
              <FormErrors t={t} lang={lang} problems={attendanceForm.problems} />
              <PostForm action={`${here}/presences`} csrf={request.csrf()} label={t('council.attendance')}>
                {data.members.map((m) => (
                  <Select
                    name={`presence-${m.id}`}
                    label={memberName(m)}
                    value={presenceOf(m.id)}
                    problem={attendanceForm.p(`presence-${m.id}`)}
                    options={[
                      { value: '', label: t('council.presence.unknown') },
                      ...presences.map((p) => ({ value: p, label: t(`council.presence.${p}`) })),
                    ]}
                  />
                ))}
                <button type="submit">{t('council.saveAttendance')}</button>
              </PostForm>
            </>
          ) : (
            <ul>
              {attendance.map((a) => {
                const m = data.members.find((x) => x.id === a.member_id);
                return m ? <li>{`${memberName(m)} : ${t(`council.presence.${a.presence}`)}`}</li> : null;
              })}
            </ul>
          )}
        </Section>
        <Section id="minutes" title={t('council.minutes')}>
          {reads.minutes && (session.minutes || hasPdf) ? (
            <>
              {session.minutes ? (
                <div class="minutes" style="white-space: pre-line">
                  {session.minutes}
                </div>
              ) : null}
              {hasPdf ? (
                <p>
                  <a href={`${here}/compte-rendu.pdf`}>{t('council.minutesPdfLink')}</a>
                </p>
              ) : null}
            </>
          ) : (
            <p>{t('council.minutesNotYet')}</p>
          )}
          {manages ? (
            <form
              method="post"
              action={`${here}/compte-rendu`}
              enctype="multipart/form-data"
              aria-label={t('council.saveMinutes')}
            >
              <input type="hidden" name={CSRF_FIELD} value={request.csrf()} />
              <FormErrors t={t} lang={lang} problems={minutesForm.problems} />
              <TextArea
                name="minutes"
                label={t('council.minutesText')}
                value={minutesForm.v('minutes') ?? session.minutes}
                problem={minutesForm.p('minutes')}
              />
              <div class={minutesForm.p('pdf') ? 'field has-error' : 'field'}>
                <label for="field-pdf">{t('council.minutesPdf')}</label>
                {minutesForm.p('pdf') ? (
                  <p class="error" id="field-pdf-error">
                    {minutesForm.p('pdf')}
                  </p>
                ) : null}
                <input id="field-pdf" name="pdf" type="file" accept="application/pdf" />
              </div>
              <div class="field">
                <label>
                  <input type="checkbox" name="published" value="1" checked={session.minutes_published} />{' '}
                  {t('council.minutesPublished')}
                </label>
              </div>
              <button type="submit">{t('council.saveMinutes')}</button>
            </form>
          ) : null}
        </Section>
        <Section id="decisions" title={t('council.decisions')}>
          {!reads.decisions ? (
            <p>{t('council.minutesRestricted')}</p>
          ) : decisions.length === 0 ? (
            <p>{t('council.none')}</p>
          ) : (
            <ol id="decisions-list">
              {decisions.map((d) => (
                <li id={`decision-${d.id}`}>
                  <p>{d.text}</p>
                  {d.action_sheet_id ? (
                    <p>
                      <a href={localHref(`${base}/strategie/fiches/${d.action_sheet_id}`, lang)}>{d.sheet_title}</a>
                    </p>
                  ) : null}
                  {tasks.some((task) => task.decision_id === d.id) ? (
                    <>
                      <h3>{t('council.tasksOfDecision')}</h3>
                      <ul>
                        {tasks
                          .filter((task) => task.decision_id === d.id)
                          .map((task) => (
                            <li>{`${task.title} — ${task.owner}, ${longDate(task.due_on, lang)} (${t(`council.task.${task.state}`)})`}</li>
                          ))}
                      </ul>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {manages ? (
            <>
              <h3>{t('council.addDecision')}</h3>
              <FormErrors t={t} lang={lang} problems={decisionForm.problems} idPrefix="decision" />
              <PostForm action={`${here}/decisions`} csrf={request.csrf()} label={t('council.addDecision')}>
                <TextArea
                  idPrefix="decision"
                  name="text"
                  label={t('council.decisionText')}
                  value={decisionForm.v('text')}
                  problem={decisionForm.p('text')}
                />
                <Select
                  idPrefix="decision"
                  name="actionSheetId"
                  label={t('council.aboutSheet')}
                  value={decisionForm.v('actionSheetId')}
                  problem={decisionForm.p('actionSheetId')}
                  options={[
                    { value: '', label: t('council.sheetNone') },
                    ...data.sheets.map((s) => ({ value: s.id, label: `${s.axis_number}.${s.number} ${s.title}` })),
                  ]}
                />
                <button type="submit">{t('council.addDecision')}</button>
              </PostForm>
              {decisions.length ? (
                <>
                  <h3>{t('council.addTask')}</h3>
                  <FormErrors t={t} lang={lang} problems={taskForm.problems} idPrefix="task" />
                  <PostForm action={`${here}/taches`} csrf={request.csrf()} label={t('council.addTask')}>
                    <Select
                      idPrefix="task"
                      name="decisionId"
                      label={t('council.decision')}
                      value={taskForm.v('decisionId')}
                      problem={taskForm.p('decisionId')}
                      options={decisions.map((d, i) => ({ value: d.id, label: `${i + 1}. ${d.text.slice(0, 80)}` }))}
                    />
                    <TaskFields t={t} form={taskForm} staff={data.staff} />
                    <button type="submit">{t('council.addTask')}</button>
                  </PostForm>
                </>
              ) : null}
            </>
          ) : null}
        </Section>
      </Layout>,
      { status: state.status },
    );
  }

  const base = `${coordinationBase(':slug')}/conseil/seances/:id`;
  const back = (request: FastifyRequest<Id>) => `${coordinationBase(request.params.slug)}/conseil/seances/${request.params.id}`;
  app.get<Id>(base, viewRoute, (request, reply) => sessionPage(request, reply));
  app.get<Id>(`${base}/compte-rendu.pdf`, viewRoute, async (request, reply) => {
    const data = await load(request);
    if (!readsMinutes(request.actor, data.loaded, data.members).minutes || !data.loaded.hasPdf) throw notFound('Minutes');
    const pdf = await withTenant(db, request.tenant!.id, (tx) =>
      tx
        .selectFrom('coordination_session_minutes_pdfs')
        .select('content')
        .where('session_id', '=', request.params.id)
        .executeTakeFirstOrThrow(),
    );
    return reply
      .type('application/pdf')
      .header('Content-Disposition', 'inline; filename="compte-rendu.pdf"')
      .header('Cache-Control', 'private, no-store')
      .send(pdf.content);
  });
  app.post<Id>(`${base}/presences`, manageRoute, (request, reply) => {
    const body = typed(request.body);
    const presence = Object.fromEntries(
      Object.entries(body)
        .filter(([name]) => name.startsWith('presence-'))
        .map(([name, value]) => [name.slice('presence-'.length), value]),
    );
    return submitForm(
      request,
      reply,
      'attendance',
      () => recordAttendance(requestContext(deps, request), { sessionId: request.params.id, presence }),
      (state) => sessionPage(request, reply, state),
      back(request),
    );
  });
  app.post<Id>(`${base}/compte-rendu`, upload, (request, reply) => {
    const pdf = (request.body as { pdf?: unknown } | undefined)?.pdf;
    return submitForm(
      request,
      reply,
      'minutes',
      () =>
        recordMinutes(requestContext(deps, request), {
          sessionId: request.params.id,
          text: field(request.body, 'minutes'),
          pdf: Buffer.isBuffer(pdf) ? pdf : undefined,
          published: field(request.body, 'published'),
        }),
      (state) => sessionPage(request, reply, state),
      back(request),
    );
  });
  app.post<Id>(`${base}/decisions`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'decision',
      () =>
        recordDecision(requestContext(deps, request), {
          sessionId: request.params.id,
          text: field(request.body, 'text'),
          actionSheetId: field(request.body, 'actionSheetId'),
        }),
      (state) => sessionPage(request, reply, state),
      back(request),
    ),
  );
  app.post<Id>(`${base}/taches`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'task',
      () =>
        createTask(requestContext(deps, request), {
          title: field(request.body, 'title'),
          ownerUserId: field(request.body, 'ownerUserId'),
          dueOn: field(request.body, 'dueOn'),
          decisionId: field(request.body, 'decisionId'),
        }),
      (state) => sessionPage(request, reply, state),
      back(request),
    ),
  );
}
