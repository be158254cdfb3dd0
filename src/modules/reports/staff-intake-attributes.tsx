import type { FieldProblem } from '../../platform/errors.js';
import type { Lang, Translate } from '../../platform/i18n/i18n.js';
import { fieldProblem } from '../../platform/pages/forms.js';
import type { Category } from './category-queries.js';

type Body = Record<string, string | string[] | undefined>;

/** The category's questions (Open311 attributes) as form fields named `attribute[code]`. */
export function AttributeFields({
  t,
  lang,
  category,
  values,
  problems,
}: {
  t: Translate;
  lang: Lang;
  category: Category;
  values: Body;
  problems: FieldProblem[];
}) {
  return (
    <>
      {category.attributes.map((a) => {
        const name = `attribute[${a.code}]`;
        const id = `intake-${name}`;
        const given = [values[name] ?? []].flat();
        const problem = fieldProblem(problems, name, lang);
        const label = `${a.description[lang]}${a.required ? ` (${t('form.required')})` : ''}`;
        const error = problem ? (
          <p class="error" id={`${id}-error`}>
            {problem}
          </p>
        ) : null;
        if (a.datatype === 'multivaluelist')
          return (
            <fieldset id={id} class={problem ? 'has-error' : undefined}>
              <legend>{label}</legend>
              {error}
              {(a.values ?? []).map((v) => (
                <div>
                  <input type="checkbox" id={`${id}-${v.key}`} name={name} value={v.key} checked={given.includes(v.key)} />{' '}
                  <label for={`${id}-${v.key}`}>{v.name[lang]}</label>
                </div>
              ))}
            </fieldset>
          );
        return (
          <div class={problem ? 'field has-error' : 'field'}>
            <label for={id}>{label}</label>
            {error}
            {a.datatype === 'singlevaluelist' ? (
              <select id={id} name={name} aria-describedby={problem ? `${id}-error` : undefined}>
                <option value="">—</option>
                {(a.values ?? []).map((v) => (
                  <option value={v.key} selected={given[0] === v.key}>
                    {v.name[lang]}
                  </option>
                ))}
              </select>
            ) : a.datatype === 'text' ? (
              <textarea id={id} name={name} rows={3} aria-describedby={problem ? `${id}-error` : undefined}>
                {given[0] ?? ''}
              </textarea>
            ) : (
              <input id={id} name={name} value={given[0] ?? ''} aria-describedby={problem ? `${id}-error` : undefined} />
            )}
          </div>
        );
      })}
    </>
  );
}
