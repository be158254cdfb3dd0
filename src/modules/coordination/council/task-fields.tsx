import type { Translate } from '../../../platform/i18n/i18n.js';
import { Field } from '../../../platform/pages/forms.js';
import { Select } from './page-common.js';

/** A new task's own fields (title, owner, due date), shared by the tasks page and a session's decisions. */
export function TaskFields({
  t,
  form,
  staff,
}: {
  t: Translate;
  form: { v(name: string): string | undefined; p(name: string): string | undefined };
  staff: { id: string; display_name: string }[];
}) {
  return (
    <>
      <Field
        t={t}
        idPrefix="task"
        name="title"
        label={t('council.taskTitle')}
        value={form.v('title')}
        problem={form.p('title')}
        required
      />
      <Select
        idPrefix="task"
        name="ownerUserId"
        label={t('council.owner')}
        value={form.v('ownerUserId')}
        problem={form.p('ownerUserId')}
        options={[{ value: '', label: t('council.ownerChoose') }, ...staff.map((s) => ({ value: s.id, label: s.display_name }))]}
      />
      <Field
        t={t}
        idPrefix="task"
        name="dueOn"
        type="date"
        label={t('council.dueOn')}
        value={form.v('dueOn')}
        problem={form.p('dueOn')}
        required
      />
    </>
  );
}
