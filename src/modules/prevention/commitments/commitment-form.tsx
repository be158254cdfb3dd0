import type { FieldProblem } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Field, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { commitmentKinds, commitmentStates } from './tables.js';

export type Values = Record<string, string>;

export interface CommitmentChoices {
  programmes: { id: string; title: string }[];
  policeModules: { id: string; title: string }[];
  runsPolice: boolean;
  categories: { code: string; name: { fr: string; en: string } }[];
}

/** A labelled select whose error is tied to it. */
export function Choice({
  name,
  label,
  problem,
  value,
  options,
  hint,
}: {
  name: string;
  label: string;
  problem?: string;
  value?: string;
  options: { value: string; label: string }[];
  hint?: string;
}) {
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p class="error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
      <select id={id} name={name} aria-describedby={described} aria-invalid={problem ? 'true' : undefined}>
        {options.map((o) => (
          <option value={o.value} selected={value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A multi-line text field whose error and hint are tied to it. */
export function Area({
  name,
  label,
  value,
  problem,
  hint,
}: {
  name: string;
  label: string;
  value?: string;
  problem?: string;
  hint?: string;
}) {
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p class="error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={3} aria-describedby={described} aria-invalid={problem ? 'true' : undefined}>
        {value ?? ''}
      </textarea>
    </div>
  );
}

/** The commitment's form, to add one or to change one (its state included). */
export function CommitmentForm({
  t,
  lang,
  action,
  csrf,
  values,
  problems,
  choices,
  submit,
}: {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  values: Values;
  problems: FieldProblem[];
  choices: CommitmentChoices;
  submit: string;
}) {
  const p = (name: string) => fieldProblem(problems, name, lang);
  const label = (name: string) => t(`commitments.field.${name}` as MessageKey);
  return (
    <PostForm action={action} csrf={csrf} label={submit}>
      <Field t={t} name="title" label={label('title')} value={values.title} problem={p('title')} required />
      <Area name="description" label={label('description')} value={values.description} problem={p('description')} />
      <Choice
        name="kind"
        label={label('kind')}
        value={values.kind}
        problem={p('kind')}
        options={commitmentKinds.map((k) => ({ value: k, label: t(`commitments.kind.${k}` as MessageKey) }))}
      />
      <Choice
        name="state"
        label={label('state')}
        value={values.state}
        problem={p('state')}
        options={commitmentStates.map((s) => ({ value: s, label: t(`commitments.state.${s}` as MessageKey) }))}
      />
      <Field t={t} name="stateOn" type="date" label={label('stateOn')} value={values.stateOn} problem={p('stateOn')} required />
      <Field t={t} name="service" label={label('service')} value={values.service} problem={p('service')} required />
      <Field t={t} name="target" label={label('target')} value={values.target} problem={p('target')} />
      <Area
        name="internalNote"
        label={label('internalNote')}
        hint={t('commitments.field.internalNoteHint')}
        value={values.internalNote}
        problem={p('internalNote')}
      />
      <Field t={t} name="position" type="number" label={label('position')} value={values.position} problem={p('position')} />
      <Choice
        name="programmeId"
        label={label('programmeId')}
        value={values.programmeId}
        problem={p('programmeId')}
        options={[
          { value: '', label: t('commitments.field.programmeNone') },
          ...choices.programmes.map((pr) => ({ value: pr.id, label: pr.title })),
        ]}
      />
      <Choice
        name="policeTrainingModuleId"
        label={label('policeTrainingModuleId')}
        hint={choices.runsPolice ? undefined : t('commitments.field.policeNotRun')}
        value={values.policeTrainingModuleId}
        problem={p('policeTrainingModuleId')}
        options={[
          { value: '', label: t('commitments.field.policeNone') },
          ...choices.policeModules.map((m) => ({ value: m.id, label: m.title })),
        ]}
      />
      <Choice
        name="reportCategory"
        label={label('reportCategory')}
        value={values.reportCategory}
        problem={p('reportCategory')}
        options={[
          { value: '', label: t('commitments.field.reportNone') },
          ...choices.categories.map((c) => ({ value: c.code, label: c.name[lang] })),
        ]}
      />
      <button type="submit">{submit}</button>
    </PostForm>
  );
}
