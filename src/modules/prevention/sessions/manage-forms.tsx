import type { FieldProblem } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';

interface FormProps {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  /** This form's problems (empty when another form was sent). */
  problems: FieldProblem[];
  /** What was typed, when this form comes back with problems. */
  sent: (name: string) => string | undefined;
}

/** A new programme with its goal for a school year (for those who manage the programmes). */
export function ProgrammeForm({ t, lang, action, csrf, problems, sent, year }: FormProps & { year: string }) {
  const p = (name: string) => fieldProblem(problems, name, lang);
  return (
    <section aria-labelledby="add-programme">
      <h2 id="add-programme">{t('sessions.manage.addProgramme')}</h2>
      <FormErrors t={t} lang={lang} problems={problems} idPrefix="programme" />
      <PostForm action={action} csrf={csrf} label={t('sessions.manage.addProgramme')}>
        <Field
          t={t}
          idPrefix="programme"
          name="title"
          label={t('sessions.manage.title')}
          value={sent('title')}
          problem={p('title')}
          required
        />
        <Field
          t={t}
          idPrefix="programme"
          name="summary"
          label={t('sessions.manage.summary')}
          value={sent('summary')}
          problem={p('summary')}
        />
        <Field
          t={t}
          idPrefix="programme"
          name="schoolYear"
          label={t('sessions.manage.schoolYear')}
          value={sent('schoolYear') ?? year}
          problem={p('schoolYear')}
          required
        />
        <Field
          t={t}
          idPrefix="programme"
          name="goalClasses"
          type="number"
          label={t('sessions.manage.goalClasses')}
          value={sent('goalClasses')}
          problem={p('goalClasses')}
        />
        <Field
          t={t}
          idPrefix="programme"
          name="goalYoungPeople"
          type="number"
          label={t('sessions.manage.goalYoungPeople')}
          value={sent('goalYoungPeople')}
          problem={p('goalYoungPeople')}
        />
        <button type="submit">{t('sessions.manage.addProgramme')}</button>
      </PostForm>
    </section>
  );
}

/** A partner association with its Éducation nationale agrément, linked to programmes. */
export function AssociationForm({
  t,
  lang,
  action,
  csrf,
  problems,
  sent,
  programmes,
}: FormProps & { programmes: { id: string; title: string }[] }) {
  const p = (name: string) => fieldProblem(problems, name, lang);
  return (
    <section aria-labelledby="add-association">
      <h2 id="add-association">{t('sessions.manage.addAssociation')}</h2>
      <FormErrors t={t} lang={lang} problems={problems} idPrefix="association" />
      <PostForm action={action} csrf={csrf} label={t('sessions.manage.addAssociation')}>
        <Field
          t={t}
          idPrefix="association"
          name="name"
          label={t('sessions.manage.name')}
          value={sent('name')}
          problem={p('name')}
          required
        />
        <Field
          t={t}
          idPrefix="association"
          name="agrementReference"
          label={t('sessions.manage.agrementReference')}
          value={sent('agrementReference')}
          problem={p('agrementReference')}
        />
        <Field
          t={t}
          idPrefix="association"
          name="agrementOn"
          type="date"
          label={t('sessions.manage.agrementOn')}
          value={sent('agrementOn')}
          problem={p('agrementOn')}
        />
        <fieldset id="association-programmeIds">
          <legend>{t('sessions.manage.programmes')}</legend>
          {p('programmeIds') ? <p class="error">{p('programmeIds')}</p> : null}
          {programmes.map((programme) => (
            <label>
              <input type="checkbox" name="programmeIds" value={programme.id} /> {programme.title}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('sessions.manage.addAssociation')}</button>
      </PostForm>
    </section>
  );
}
