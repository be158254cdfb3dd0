import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext } from '../../../platform/pages/render.js';
import { formatLocal } from '../../police/main-courante/local-time.js';
import { addTask } from './add-task.js';
import {
  Confidential,
  type FormState,
  formHelpers,
  groupPath,
  groupsBase,
  memberRoute,
  Paragraphs,
  requireCoordination,
  sendGroupPage,
  TextArea,
} from './page-common.js';
import { readMeeting } from './read-meeting.js';
import { saveMinutes } from './save-minutes.js';
import { TaskForm, TasksTable } from './task-parts.js';

type Params = { slug: string; groupId: string; meetingId: string };
type Req = FastifyRequest<{ Params: Params; Querystring: { fait?: string } }>;

const all = (body: unknown, name: string): string[] => {
  const value = (body as Record<string, string | string[] | undefined> | undefined)?.[name];
  return value === undefined ? [] : [value].flat();
};

/** A meeting's page: agenda, minutes and attendance (one form), and the follow-ups decided there. */
export function registerMeetingPage(app: FastifyInstance, deps: AppDeps) {
  async function meetingPage(request: Req, reply: FastifyReply, state: FormState = {}) {
    requireCoordination(request);
    const tenant = request.tenant!;
    const { groupId, meetingId } = request.params;
    const here = `${groupPath(tenant.slug, groupId)}/reunions/${meetingId}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const view = await readMeeting(requestContext(deps, request), { groupId, meetingId });
    const { group, meeting } = view;
    const zone = tenant.time_zone;
    const title = t('groups.meeting.title', { date: formatLocal(meeting.starts_at, lang, zone) });
    const minutesForm = formHelpers(state, 'minutes', lang);
    const attending = state.form === 'minutes' ? minutesForm.all('attendeeIds') : meeting.attendee_ids;
    const open = !group.closed_at;
    return sendGroupPage(
      reply,
      <Layout page={page} title={`${title} — ${group.name}`} sensitive homeHref={`/t/${tenant.slug}/espace/`}>
        <p>
          <a href={localHref(groupPath(tenant.slug, group.id), lang)}>
            {t('groups.back')} : {group.name}
          </a>
        </p>
        <h1>{title}</h1>
        <Confidential t={t} />
        {request.query.fait ? (
          <p class="notice" role="status">
            {t('groups.saved')}
          </p>
        ) : null}
        <p>
          {t('groups.meeting.when', {
            start: formatLocal(meeting.starts_at, lang, zone),
            end: formatLocal(meeting.ends_at, lang, zone),
          })}
        </p>
        {meeting.place ? <p>{t('groups.meeting.where', { place: meeting.place })}</p> : null}
        <h2>{t('groups.meeting.agenda')}</h2>
        {meeting.agenda ? <Paragraphs text={meeting.agenda} /> : <p>—</p>}
        <h2>{t('groups.meeting.attendance')}</h2>
        <p>{[...view.attendees.map((a) => a.display_name), meeting.other_attendees].filter(Boolean).join(', ') || '—'}</p>
        <h2>{t('groups.meeting.minutes')}</h2>
        {meeting.minutes ? <Paragraphs text={meeting.minutes} /> : <p>{t('groups.meeting.noMinutes')}</p>}
        {open ? (
          <section aria-labelledby="minutes-form-title">
            <h3 id="minutes-form-title">{t('groups.meeting.saveMinutes')}</h3>
            <FormErrors t={t} lang={lang} problems={minutesForm.problems} idPrefix="minutes" />
            <PostForm action={here} csrf={request.csrf()} label={t('groups.meeting.saveMinutes')}>
              <TextArea
                id="minutes-minutes"
                name="minutes"
                rows={10}
                label={t('groups.meeting.minutes')}
                value={minutesForm.sent('minutes') ?? meeting.minutes}
                problem={minutesForm.p('minutes')}
              />
              <fieldset id="minutes-attendeeIds">
                <legend>{t('groups.meeting.attendance')}</legend>
                {minutesForm.p('attendeeIds') ? <p class="error">{minutesForm.p('attendeeIds')}</p> : null}
                {view.members.map((m) => (
                  <div>
                    <input
                      type="checkbox"
                      id={`attendee-${m.user_id}`}
                      name="attendeeIds"
                      value={m.user_id}
                      checked={attending.includes(m.user_id)}
                    />
                    <label for={`attendee-${m.user_id}`}>{m.display_name}</label>
                  </div>
                ))}
              </fieldset>
              <TextArea
                id="minutes-otherAttendees"
                name="otherAttendees"
                rows={2}
                label={t('groups.meeting.others')}
                value={minutesForm.sent('otherAttendees') ?? meeting.other_attendees}
                problem={minutesForm.p('otherAttendees')}
              />
              <button type="submit">{t('groups.meeting.saveMinutes')}</button>
            </PostForm>
          </section>
        ) : null}
        <h2>{t('groups.meeting.tasks')}</h2>
        <TasksTable
          t={t}
          tasks={view.tasks}
          action={`${groupPath(tenant.slug, group.id)}/suites`}
          back={here}
          csrf={request.csrf()}
          open={open}
        />
        {open ? (
          <TaskForm
            t={t}
            lang={lang}
            action={`${here}/suites`}
            back={here}
            csrf={request.csrf()}
            members={view.members}
            meetingId={meeting.id}
            form={formHelpers(state, 'task', lang)}
          />
        ) : null}
      </Layout>,
      state.status ?? 200,
    );
  }

  const failed = (form: string, request: Req, reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError && error.code === 'invalid_input')
      return meetingPage(request, reply, { form, problems: error.details, body: request.body, status: 400 });
    throw error;
  };
  const route = `${groupsBase(':slug')}/:groupId/reunions/:meetingId`;
  const back = (p: Params) => `${groupPath(p.slug, p.groupId)}/reunions/${p.meetingId}?fait=1`;

  app.get<{ Params: Params; Querystring: { fait?: string } }>(route, memberRoute, (request, reply) =>
    meetingPage(request, reply),
  );

  app.post<{ Params: Params; Querystring: { fait?: string } }>(route, memberRoute, async (request, reply) => {
    requireCoordination(request);
    try {
      await saveMinutes(requestContext(deps, request), {
        groupId: request.params.groupId,
        meetingId: request.params.meetingId,
        minutes: field(request.body, 'minutes'),
        attendeeIds: all(request.body, 'attendeeIds'),
        otherAttendees: field(request.body, 'otherAttendees'),
      });
    } catch (error) {
      return failed('minutes', request, reply, error);
    }
    return reply.redirect(back(request.params), 303);
  });

  app.post<{ Params: Params; Querystring: { fait?: string } }>(`${route}/suites`, memberRoute, async (request, reply) => {
    requireCoordination(request);
    try {
      await addTask(requestContext(deps, request), {
        groupId: request.params.groupId,
        meetingId: request.params.meetingId,
        title: field(request.body, 'title'),
        ownerId: field(request.body, 'ownerId'),
        dueOn: field(request.body, 'dueOn'),
      });
    } catch (error) {
      return failed('task', request, reply, error);
    }
    return reply.redirect(back(request.params), 303);
  });
}
