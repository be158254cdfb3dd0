import type { ComponentChildren } from 'preact';
import { CSRF_FIELD } from '../accounts/csrf.js';
import { type FieldProblem, problemText } from '../errors.js';
import type { Lang, Translate } from '../i18n/i18n.js';

/** A form that posts to this site, carrying its CSRF token. */
export function PostForm({
  action,
  csrf,
  children,
  label,
}: {
  action: string;
  csrf: string;
  children: ComponentChildren;
  label?: string;
}) {
  return (
    <form method="post" action={action} aria-label={label}>
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      {children}
    </form>
  );
}

/** What a post/redirect/get just did (« Enregistré. »), read by screen readers as a status; nothing when absent. */
export function StatusNotice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

/**
 * A labelled select; its hint and error, when any, are tied to it for screen readers. `required` asks the browser
 * to require a choice; `requiredMark` (« obligatoire ») says it in the label.
 */
export function SelectField({
  id: givenId,
  idPrefix = 'field',
  name,
  label,
  options,
  value,
  problem,
  hint,
  multiple,
  required,
  requiredMark,
}: {
  /** The select's id; `${idPrefix}-${name}` when absent. */
  id?: string;
  idPrefix?: string;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  /** The chosen value, or values when `multiple`. */
  value?: string | string[] | undefined;
  problem?: string | undefined;
  hint?: string | undefined;
  multiple?: boolean | undefined;
  required?: boolean | undefined;
  requiredMark?: string | undefined;
}) {
  const id = givenId ?? `${idPrefix}-${name}`;
  const chosen = [value ?? []].flat();
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        {requiredMark ? <span class="required"> ({requiredMark})</span> : null}
      </label>
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
      <select
        id={id}
        name={name}
        multiple={multiple}
        required={required}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described}
      >
        {options.map((o) => (
          <option value={o.value} selected={chosen.includes(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled multi-line text; its hint and error, when any, are tied to it for screen readers. */
export function TextAreaField({
  id: givenId,
  idPrefix = 'field',
  name,
  label,
  value,
  problem,
  hint,
  rows = 4,
}: {
  /** The text area's id; `${idPrefix}-${name}` when absent. */
  id?: string;
  idPrefix?: string;
  name: string;
  label: string;
  value?: string | null | undefined;
  problem?: string | undefined;
  hint?: string | undefined;
  rows?: number;
}) {
  const id = givenId ?? `${idPrefix}-${name}`;
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
      <textarea id={id} name={name} rows={rows} aria-invalid={problem ? 'true' : undefined} aria-describedby={described}>
        {value ?? ''}
      </textarea>
    </div>
  );
}

/** The summary of a form's problems, each linking to its field (`idPrefix` as given to the form's fields). */
export function FormErrors({
  t,
  problems,
  lang,
  idPrefix = 'field',
}: {
  t: Translate;
  problems: FieldProblem[];
  lang: Lang;
  idPrefix?: string;
}) {
  if (problems.length === 0) return null;
  return (
    <div class="form-errors" role="alert">
      <p>{t('form.errors')}</p>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${idPrefix}-${p.field}`}>{problemText(p, lang)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'datetime-local' | 'tel' | 'url' | 'search' | 'time';
  value?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  problem?: string;
  /** Prefix of the input's id, for pages that repeat a form (one per place…): ids stay unique. */
  idPrefix?: string;
  t: Translate;
}

/** A labelled input; its error, when any, is tied to it for screen readers. */
export function Field({
  name,
  label,
  type = 'text',
  value,
  required,
  autocomplete,
  hint,
  problem,
  idPrefix = 'field',
  t,
}: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span class="required"> ({t('form.required')})</span> : null}
      </label>
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
      {/* Built as a plain object: Preact's input types tie each `type` to its own attribute set. */}
      <input
        {...({
          id,
          name,
          type,
          value,
          required,
          autocomplete,
          'aria-describedby': described,
          'aria-invalid': problem ? 'true' : undefined,
        } as object)}
      />
    </div>
  );
}

/** The problem with one field, in the page's language, if any. */
export function fieldProblem(problems: FieldProblem[] | undefined, field: string, lang: Lang): string | undefined {
  const problem = problems?.find((p) => p.field === field);
  return problem ? problemText(problem, lang) : undefined;
}
