import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { type formHelpers, Select } from './page-common.js';
import type { TaskState } from './tables.js';

type Form = ReturnType<typeof formHelpers>;

interface TaskRow {
  id: string;
  title: string;
  due_on: string | null;
  state: TaskState;
  owner: string;
}

/** The follow-ups with their owner, due date and state; a button marks one done (or opens it again). */
export function TasksTable({
  t,
  tasks,
  action,
  back,
  csrf,
  open,
}: {
  t: Translate;
  tasks: TaskRow[];
  action: string;
  back: string;
  csrf: string;
  open: boolean;
}) {
  if (tasks.length === 0) return <p>{t('groups.noTasks')}</p>;
  return (
    <section class="table-scroll" tabindex={0} aria-label={t('groups.tasks')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('groups.field.title')}</th>
            <th scope="col">{t('groups.col.owner')}</th>
            <th scope="col">{t('groups.col.due')}</th>
            <th scope="col">{t('groups.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr>
              <th scope="row">{task.title}</th>
              <td>{task.owner}</td>
              <td>{task.due_on ?? '—'}</td>
              <td>
                {t(`groups.state.${task.state}`)}
                {open ? (
                  <PostForm action={`${action}/${task.id}`} csrf={csrf}>
                    <input type="hidden" name="state" value={task.state === 'open' ? 'done' : 'open'} />
                    <input type="hidden" name="back" value={back} />
                    <button type="submit" class="secondary">
                      {task.state === 'open'
                        ? t('groups.markDone', { title: task.title })
                        : t('groups.reopen', { title: task.title })}
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
}

/** Add a follow-up: a title and an owner among the members are required. */
export function TaskForm({
  t,
  lang,
  action,
  back,
  csrf,
  members,
  places,
  meetingId,
  form,
}: {
  t: Translate;
  lang: Lang;
  action: string;
  back: string;
  csrf: string;
  members: { user_id: string; display_name: string }[];
  places?: { id: string; name: string }[];
  meetingId?: string;
  form: Form;
}) {
  return (
    <section aria-labelledby="task-form-title">
      <h3 id="task-form-title">{t('groups.addTask')}</h3>
      <FormErrors t={t} lang={lang} problems={form.problems} idPrefix="task" />
      <PostForm action={action} csrf={csrf} label={t('groups.addTask')}>
        <input type="hidden" name="back" value={back} />
        {meetingId ? <input type="hidden" name="meetingId" value={meetingId} /> : null}
        <Field
          t={t}
          idPrefix="task"
          name="title"
          label={t('groups.field.title')}
          value={form.sent('title')}
          problem={form.p('title')}
          required
        />
        <Select
          t={t}
          id="task-ownerId"
          name="ownerId"
          label={t('groups.field.owner')}
          required
          value={form.sent('ownerId')}
          problem={form.p('ownerId')}
          options={[
            { value: '', label: t('groups.field.ownerNone') },
            ...members.map((m) => ({ value: m.user_id, label: m.display_name })),
          ]}
        />
        <Field
          t={t}
          idPrefix="task"
          name="dueOn"
          type="date"
          label={t('groups.field.dueOn')}
          value={form.sent('dueOn')}
          problem={form.p('dueOn')}
        />
        {places?.length ? (
          <Select
            t={t}
            id="task-placeId"
            name="placeId"
            label={t('groups.field.place')}
            value={form.sent('placeId')}
            problem={form.p('placeId')}
            options={[{ value: '', label: t('groups.field.placeNone') }, ...places.map((p) => ({ value: p.id, label: p.name }))]}
          />
        ) : null}
        <button type="submit">{t('groups.addTask')}</button>
      </PostForm>
    </section>
  );
}
