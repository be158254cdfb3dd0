import type { FieldProblem } from '../../../platform/errors.js';
import type { FigureSource } from '../../../platform/figures/figure-source.js';
import { type Lang, localHref, type Translate } from '../../../platform/i18n/i18n.js';
import { Field, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import type { CrimeIndicator } from './crime-source.js';
import type { OwnFigureLine } from './own-figures.js';
import { lineLabel } from './own-figures-view.js';

/** The year and the baseline, by GET: works without JavaScript and can be bookmarked. */
export function YearForm({
  action,
  year,
  baselineYear,
  t,
  lang,
}: {
  action: string;
  year: number;
  baselineYear: number;
  t: Translate;
  lang: Lang;
}) {
  return (
    <form method="get" action={localHref(action, lang)} class="report-period">
      <fieldset>
        <legend>{t('obs.choose')}</legend>
        {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="obs-year">{t('obs.year')}</label>
        <input id="obs-year" type="number" name="annee" min="2000" max="2100" value={String(year)} required />
        <label for="obs-reference">{t('obs.baseline')}</label>
        <input id="obs-reference" type="number" name="reference" min="2000" max="2100" value={String(baselineYear)} required />
        <button type="submit">{t('obs.show')}</button>
      </fieldset>
    </form>
  );
}

const text = (label: { fr: string; en: string }, lang: Lang) => (lang === 'fr' ? label.fr : label.en);

/** A new target: an SSMSI indicator or one of the platform's figures, a baseline, a change or a value, a year. */
export function TargetForm({
  action,
  csrf,
  crime,
  sources,
  problems,
  sent,
  t,
  lang,
}: {
  action: string;
  csrf: string;
  crime: CrimeIndicator[];
  sources: FigureSource[];
  problems: FieldProblem[];
  sent: (name: string) => string | undefined;
  t: Translate;
  lang: Lang;
}) {
  const p = (name: string) => fieldProblem(problems, name, lang);
  const chosen = sent('indicator');
  return (
    <PostForm action={action} csrf={csrf} label={t('obs.targets.add')}>
      <Field
        t={t}
        name="label"
        label={t('obs.targets.field.label')}
        hint={t('obs.targets.field.labelHint')}
        value={sent('label')}
        problem={p('label')}
        required
      />
      <div class={p('indicator') ? 'field has-error' : 'field'}>
        <label for="field-indicator">{t('obs.targets.field.indicator')}</label>
        {p('indicator') ? (
          <p class="error" id="field-indicator-error">
            {p('indicator')}
          </p>
        ) : null}
        <select id="field-indicator" name="indicator" aria-invalid={p('indicator') ? 'true' : undefined}>
          {crime.length ? (
            <optgroup label={t('obs.publish.ssmsi')}>
              {crime.map((i) => (
                <option value={`ssmsi:${i.key}`} selected={chosen === `ssmsi:${i.key}`}>
                  {text(i.label, lang)}
                </option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t('obs.publish.own')}>
            {sources.map((s) => (
              <option value={`figure:${s.id}`} selected={chosen === `figure:${s.id}`}>
                {text(s.label, lang)}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <Field
        t={t}
        name="baselineYear"
        type="number"
        label={t('obs.targets.field.baselineYear')}
        value={sent('baselineYear') ?? '2019'}
        problem={p('baselineYear')}
        required
      />
      <Field
        t={t}
        name="targetYear"
        type="number"
        label={t('obs.targets.field.targetYear')}
        value={sent('targetYear')}
        problem={p('targetYear')}
        required
      />
      <Field
        t={t}
        name="changePercent"
        label={t('obs.targets.field.changePercent')}
        hint={t('obs.targets.field.changeHint')}
        value={sent('changePercent')}
        problem={p('changePercent')}
      />
      <Field
        t={t}
        name="targetValue"
        label={t('obs.targets.field.targetValue')}
        value={sent('targetValue')}
        problem={p('targetValue')}
      />
      <button type="submit">{t('obs.targets.add')}</button>
    </PostForm>
  );
}

/** What the public dashboard and the open data show: each SSMSI indicator and each own figure, ticked or not. */
export function PublicationsForm({
  action,
  csrf,
  crime,
  own,
  published,
  t,
  lang,
}: {
  action: string;
  csrf: string;
  crime: CrimeIndicator[];
  own: OwnFigureLine[];
  published: Set<string>;
  t: Translate;
  lang: Lang;
}) {
  return (
    <PostForm action={action} csrf={csrf} label={t('obs.publish.title')}>
      <p>{t('obs.publish.intro')}</p>
      {crime.length ? (
        <fieldset>
          <legend>{t('obs.publish.ssmsi')}</legend>
          {crime.map((i) => (
            <label class="choice">
              <input type="checkbox" name="published" value={`ssmsi:${i.key}`} checked={published.has(`ssmsi:${i.key}`)} />{' '}
              {text(i.label, lang)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('obs.publish.own')}</legend>
        {own.map((line) => (
          <label class="choice">
            <input type="checkbox" name="published" value={`figure:${line.key}`} checked={published.has(`figure:${line.key}`)} />{' '}
            {lineLabel(line, lang)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('obs.publish.save')}</button>
    </PostForm>
  );
}
