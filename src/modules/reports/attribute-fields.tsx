import type { Lang, Translate } from '../../platform/i18n/i18n.js';
import type { CategoryAttribute } from './tables.js';

type Values = Record<string, string | string[] | undefined>;

/** The category's Open311 questions as form fields: lists as radios or checkboxes, the rest as inputs. */
export function AttributeFields({
  t,
  lang,
  attributes,
  values,
  problemOf,
}: {
  t: Translate;
  lang: Lang;
  attributes: CategoryAttribute[];
  values: Values;
  problemOf: (field: string) => string | undefined;
}) {
  return (
    <>
      {attributes.map((a) => {
        const name = `attribute[${a.code}]`;
        const id = `attribute-${a.code}`;
        const given = [values[name] ?? []].flat();
        const problem = problemOf(name);
        const label = (
          <>
            {a.description[lang]}
            {a.required ? <span class="required"> ({t('form.required')})</span> : null}
          </>
        );
        if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
          const type = a.datatype === 'singlevaluelist' ? 'radio' : 'checkbox';
          return (
            <fieldset class={problem ? 'big-choices has-error' : 'big-choices'} id={id}>
              <legend>{label}</legend>
              {problem ? <p class="error">{problem}</p> : null}
              {(a.values ?? []).map((v) => (
                <div>
                  <input type={type} id={`${id}-${v.key}`} name={name} value={v.key} checked={given.includes(v.key)} />{' '}
                  <label for={`${id}-${v.key}`}>{v.name[lang]}</label>
                </div>
              ))}
            </fieldset>
          );
        }
        const described = problem ? `${id}-error` : undefined;
        return (
          <div class={problem ? 'field has-error' : 'field'}>
            <label for={id}>{label}</label>
            {problem ? (
              <p class="error" id={`${id}-error`}>
                {problem}
              </p>
            ) : null}
            {a.datatype === 'text' ? (
              <textarea id={id} name={name} rows={3} aria-describedby={described} aria-invalid={problem ? 'true' : undefined}>
                {given[0] ?? ''}
              </textarea>
            ) : (
              <input
                {...({
                  id,
                  name,
                  type: a.datatype === 'number' ? 'number' : a.datatype === 'datetime' ? 'datetime-local' : 'text',
                  value: given[0] ?? '',
                  'aria-describedby': described,
                  'aria-invalid': problem ? 'true' : undefined,
                } as object)}
              />
            )}
          </div>
        );
      })}
    </>
  );
}
