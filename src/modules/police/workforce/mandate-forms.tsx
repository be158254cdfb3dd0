import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { categoryLabel } from './dashboard-pages.js';
import { type FormState, Select } from './page-common.js';
import { type Category, categories } from './tables.js';

/**
 * The police management's forms under the trajectory: the mandate's start (the trajectory and the growth
 * start from the headcount on that day) and a headcount target for a category.
 */
export function MandateForms({
  t,
  lang,
  csrf,
  base,
  category,
  mandate,
  state,
}: {
  t: Translate;
  lang: Lang;
  csrf: string;
  base: string;
  category: Category;
  mandate?: { startsOn: string; label: string };
  state: FormState;
}) {
  const form = state.values?.form;
  const mine = (name: string) => (form === name ? state : undefined);
  const p = (f: string, name: string) => (form === f ? fieldProblem(state.problems, name, lang) : undefined);
  const v = (f: string, name: string) => (form === f ? state.values?.[name] : undefined);
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('police.mandateAndTargets')}</h2>
      <h3 id="mandate-form">{t('police.setMandate')}</h3>
      {form === 'mandate' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
      <PostForm action={`${base}/trajectoire/mandat`} csrf={csrf} label={t('police.setMandate')}>
        <input type="hidden" name="form" value="mandate" />
        <Field
          t={t}
          name="startsOn"
          type="date"
          label={t('police.mandateStartsOn')}
          required
          value={v('mandate', 'startsOn') ?? mandate?.startsOn}
          problem={p('mandate', 'startsOn')}
        />
        <Field
          t={t}
          name="label"
          label={t('police.mandateLabel')}
          hint={t('police.mandateLabelHint')}
          value={v('mandate', 'label') ?? mandate?.label}
          problem={p('mandate', 'label')}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
      <h3 id="target-form">{t('police.setTarget')}</h3>
      <p class="hint">{t('police.setTargetHint')}</p>
      {form === 'target' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
      <PostForm action={`${base}/trajectoire/objectifs`} csrf={csrf} label={t('police.setTarget')}>
        <input type="hidden" name="form" value="target" />
        <Select
          name="category"
          label={t('police.category')}
          lang={lang}
          state={mine('target')}
          value={category}
          options={categories.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
        />
        <Field
          t={t}
          name="targetOn"
          type="date"
          label={t('police.targetOn')}
          required
          value={v('target', 'targetOn')}
          problem={p('target', 'targetOn')}
        />
        <Field
          t={t}
          name="heads"
          type="number"
          label={t('police.targetHeads')}
          required
          value={v('target', 'heads')}
          problem={p('target', 'heads')}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
    </section>
  );
}
