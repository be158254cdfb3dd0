import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { longDate } from '../../../platform/i18n/dates.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { changeTaskState } from './change-task-state.js';
import { staffChoices } from './council-queries.js';
import { localToday } from './council-time.js';
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
  viewRoute,
} from './page-common.js';
import { sheetChoices } from './strategy-queries.js';
import { TaskFields } from './task-fields.js';
import { listTasks } from './task-queries.js';

/** « Mes tâches » for everyone who reads the coordination; every task for those who manage it. */
export function registerTasksPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function tasksPage(request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const page = pageContext(request, `${base}/taches`);
    const { t, lang } = page;
    const manages = can(request.actor, 'coordination.manage');
    const me = request.actor.userId ?? '';
    const data = await withTenant(db, tenant.id, async (tx) => ({
      mine: await listTasks(tx, me),
      all: manages ? await listTasks(tx) : [],
      staff: manages ? await staffChoices(tx) : [],
      sheets: manages ? await sheetChoices(tx) : [],
    }));
    const today = localToday(deps.clock.now(), tenant.time_zone);
    const taskForm = formOf(state, 'task', lang);
    const stateForm = formOf(state, 'state', lang);
    const table = (id: string, rows: typeof data.mine) =>
      rows.length === 0 ? (
        <p>{t('council.none')}</p>
      ) : (
        <section
          class="table-scroll"
          tabindex={0}
          aria-label={id === 'mes-taches' ? t('council.myTasks') : t('council.allTasks')}
        >
          <table id={id}>
            <thead>
              <tr>
                <th scope="col">{t('council.taskTitle')}</th>
                <th scope="col">{t('council.owner')}</th>
                <th scope="col">{t('council.dueOn')}</th>
                <th scope="col">{t('council.state')}</th>
                <th scope="col">{t('council.origin')}</th>
                <th scope="col">{t('council.submit')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((task) => (
                <tr data-task={task.id}>
                  <th scope="row">{task.title}</th>
                  <td>{task.owner}</td>
                  <td>
                    {longDate(task.due_on, lang)}
                    {task.state === 'open' && task.due_on < today ? <strong>{` (${t('council.overdue')})`}</strong> : null}
                  </td>
                  <td>{t(`council.task.${task.state}`)}</td>
                  <td>
                    {task.session_id ? (
                      <a href={localHref(`${base}/conseil/seances/${task.session_id}`, lang)}>{t('council.decision')}</a>
                    ) : task.sheet_id ? (
                      <a href={localHref(`${base}/strategie/fiches/${task.sheet_id}`, lang)}>{task.sheet_title}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {manages || task.owner_user_id === me ? (
                      <PostForm action={`${base}/taches/${task.id}/etat`} csrf={request.csrf()}>
                        <input type="hidden" name="state" value={task.state === 'open' ? 'done' : 'open'} />
                        <button
                          type="submit"
                          aria-label={`${task.state === 'open' ? t('council.markDone') : t('council.reopen')} : ${task.title}`}
                        >
                          {task.state === 'open' ? t('council.markDone') : t('council.reopen')}
                        </button>
                      </PostForm>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      );
    return sendPage(
      reply,
      <Layout page={page} title={t('council.tasks')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('council.tasks')}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        <FormErrors t={t} lang={lang} problems={stateForm.problems} idPrefix="state" />
        <Section id="mine" title={t('council.myTasks')}>
          {table('mes-taches', data.mine)}
        </Section>
        {manages ? (
          <>
            <Section id="all" title={t('council.allTasks')}>
              {table('toutes-les-taches', data.all)}
            </Section>
            <Section id="add-task" title={t('council.addTask')}>
              <FormErrors t={t} lang={lang} problems={taskForm.problems} idPrefix="task" />
              <PostForm action={`${base}/taches`} csrf={request.csrf()} label={t('council.addTask')}>
                <TaskFields t={t} form={taskForm} staff={data.staff} />
                <Select
                  idPrefix="task"
                  name="actionSheetId"
                  label={t('council.aboutSheet')}
                  value={taskForm.v('actionSheetId')}
                  problem={taskForm.p('actionSheetId')}
                  options={[
                    { value: '', label: t('council.sheetNone') },
                    ...data.sheets.map((s) => ({ value: s.id, label: `${s.axis_number}.${s.number} ${s.title}` })),
                  ]}
                />
                <button type="submit">{t('council.addTask')}</button>
              </PostForm>
            </Section>
          </>
        ) : null}
      </Layout>,
      { status: state.status },
    );
  }

  const base = coordinationBase(':slug');
  const back = (request: FastifyRequest<{ Params: { slug: string } }>) => `${coordinationBase(request.params.slug)}/taches`;
  app.get(`${base}/taches`, viewRoute, (request, reply) => tasksPage(request, reply));
  app.post<{ Params: { slug: string } }>(`${base}/taches`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'task',
      () =>
        createTask(requestContext(deps, request), {
          title: field(request.body, 'title'),
          ownerUserId: field(request.body, 'ownerUserId'),
          dueOn: field(request.body, 'dueOn'),
          actionSheetId: field(request.body, 'actionSheetId'),
        }),
      (state) => tasksPage(request, reply, state),
      back(request),
    ),
  );
  app.post<Id>(`${base}/taches/:id/etat`, viewRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'state',
      () => changeTaskState(requestContext(deps, request), { taskId: request.params.id, state: field(request.body, 'state') }),
      (state) => tasksPage(request, reply, state),
      back(request),
    ),
  );
}
