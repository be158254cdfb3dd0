import type { FieldProblem } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import { Field, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { attributeTypes, type CategoryAttribute } from './tables.js';

interface Props {
  t: Translate;
  lang: 'fr' | 'en';
  /** The category page's address: the forms post to `<action>/questions`. */
  action: string;
  csrf: string;
  questions: CategoryAttribute[];
  /** The question form as sent, when it was refused. */
  values: Record<string, string | undefined>;
  problems: FieldProblem[];
}

/** The questions a category asks with each report (its Open311 attributes): the list, and a form to add or replace one. */
export function CategoryQuestions({ t, lang, action, csrf, questions, values, problems }: Props) {
  const problem = (name: string) => fieldProblem(problems, name, lang);
  const choicesProblem = problem('values');
  return (
    <>
      <h2>{t('questions.title')}</h2>
      <p>{t('questions.caption')}</p>
      {questions.length === 0 ? (
        <p>{t('questions.none')}</p>
      ) : (
        <table>
          <caption>{t('questions.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('questions.order')}</th>
              <th scope="col">{t('questions.code')}</th>
              <th scope="col">{t('questions.label')}</th>
              <th scope="col">{t('questions.datatype')}</th>
              <th scope="col">{t('questions.choices')}</th>
              <th scope="col">{t('questions.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr>
                <td>{q.order}</td>
                <td>
                  <code>{q.code}</code>
                </td>
                <td>
                  {q.description[lang]}
                  {q.required ? ` (${t('form.required')})` : ''}
                </td>
                <td>{t(`questions.type.${q.datatype}`)}</td>
                <td>{(q.values ?? []).map((v) => `${v.key} : ${v.name[lang]}`).join(' · ')}</td>
                <td>
                  <PostForm
                    action={`${action}/questions/${q.code}/supprimer`}
                    csrf={csrf}
                    label={`${t('questions.remove')} ${q.code}`}
                  >
                    <button type="submit" class="secondary">
                      {t('questions.remove')} <span class="visually-hidden">{q.code}</span>
                    </button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('questions.add')}</h3>
      <PostForm action={`${action}/questions`} csrf={csrf} label={t('questions.add')}>
        <Field
          t={t}
          name="code"
          idPrefix="question"
          label={t('questions.codeHint')}
          value={values.code}
          required
          problem={problem('code')}
        />
        <div class={problem('datatype') ? 'field has-error' : 'field'}>
          <label for="question-datatype">{t('questions.datatype')}</label>
          <select id="question-datatype" name="datatype">
            {attributeTypes.map((type) => (
              <option value={type} selected={(values.datatype ?? 'singlevaluelist') === type}>
                {t(`questions.type.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          t={t}
          name="labelFr"
          idPrefix="question"
          label={t('questions.labelFr')}
          value={values.labelFr}
          required
          problem={problem('labelFr')}
        />
        <Field
          t={t}
          name="labelEn"
          idPrefix="question"
          label={t('questions.labelEn')}
          value={values.labelEn}
          problem={problem('labelEn')}
        />
        <Field
          t={t}
          name="order"
          idPrefix="question"
          label={t('questions.order')}
          value={values.order ?? '0'}
          type="number"
          problem={problem('order')}
        />
        <div class={choicesProblem ? 'field has-error' : 'field'}>
          <label for="question-values">{t('questions.choices')}</label>
          <p class="hint" id="question-values-hint">
            {t('questions.choicesHint')}
          </p>
          {choicesProblem ? (
            <p class="error" id="question-values-error">
              {choicesProblem}
            </p>
          ) : null}
          <textarea
            id="question-values"
            name="values"
            rows={4}
            aria-describedby={choicesProblem ? 'question-values-hint question-values-error' : 'question-values-hint'}
            aria-invalid={choicesProblem ? 'true' : undefined}
          >
            {values.values ?? ''}
          </textarea>
        </div>
        <div class="big-choices">
          <input type="checkbox" id="question-required" name="required" value="yes" checked={values.required === 'yes'} />{' '}
          <label for="question-required">{t('questions.required')}</label>
        </div>
        <button type="submit">{t('questions.save')}</button>
      </PostForm>
    </>
  );
}
