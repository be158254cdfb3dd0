import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { type FormValues, many, one, PERSON_ROWS } from './form-values.js';
import { natures } from './natures.js';
import { entryKinds, entrySources, followUps, personRoles } from './tables.js';

export interface EntryFormProps {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  values: FormValues;
  problems: FieldProblem[];
  agents: { id: string; staff_number: string; family_name: string; given_name: string }[];
  reports: { id: string; label: string }[];
  /** Amendments ask why. */
  withReason?: boolean;
  /** The report link is fixed once made (edit and amend show it only). */
  reportFixed?: boolean;
}

/** A labelled control with its problem tied to it for screen readers. */
function Row(props: {
  id: string;
  label: string;
  hint?: string;
  problem?: string;
  children: (aria: object) => ComponentChildren;
}) {
  const { id, label, hint, problem } = props;
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
      {props.children({ id, 'aria-describedby': described, 'aria-invalid': problem ? 'true' : undefined })}
    </div>
  );
}

/** The entry's form: create, edit and amend share it; every field keeps what was typed when refused. */
export function EntryForm(props: EntryFormProps) {
  const { t, lang, values, problems } = props;
  const problem = (name: string) => fieldProblem(problems, name, lang);
  const id = (name: string) => `field-${name}`;
  const text = (name: string, label: string, type = 'text', hint?: string) => (
    <Row id={id(name)} label={label} hint={hint} problem={problem(name)}>
      {(aria) => <input {...({ ...aria, name, type, value: one(values, name) } as object)} />}
    </Row>
  );
  const groups = [...new Set(natures.map((n) => n.group[lang]))];
  const personCount = Math.max(PERSON_ROWS, ...Object.keys(values).map((k) => Number(/^people\[(\d+)\]/.exec(k)?.[1] ?? -1) + 1));
  return (
    <>
      <FormErrors t={t} lang={lang} problems={problems} />
      <PostForm action={props.action} csrf={props.csrf}>
        <p class="hint">{t('mc.privacy')}</p>
        <fieldset id={id('kind')}>
          <legend>{t('mc.kind')}</legend>
          {problem('kind') ? <p class="error">{problem('kind')}</p> : null}
          {entryKinds.map((k) => (
            <div>
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={one(values, 'kind') === k} />{' '}
              <label for={`kind-${k}`}>{t(`mc.kind.${k}` as MessageKey)}</label>
            </div>
          ))}
        </fieldset>
        <Row id={id('nature')} label={t('mc.nature')} problem={problem('nature')}>
          {(aria) => (
            <select {...aria} name="nature">
              <option value="">—</option>
              {groups.map((group) => (
                <optgroup label={group}>
                  {natures
                    .filter((n) => n.group[lang] === group)
                    .map((n) => (
                      <option value={n.code} selected={one(values, 'nature') === n.code}>
                        {n.label[lang]}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </Row>
        {text('natinfCode', t('mc.natinf'), 'text', t('mc.natinfHint'))}
        <Row id={id('source')} label={t('mc.source')} problem={problem('source')}>
          {(aria) => (
            <select {...aria} name="source">
              {entrySources.map((s) => (
                <option value={s} selected={one(values, 'source') === s}>
                  {t(`mc.source.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Row>
        {props.reportFixed ? (
          <input type="hidden" name="reportId" value={one(values, 'reportId')} />
        ) : (
          <Row id={id('reportId')} label={t('mc.report')} hint={t('mc.reportHint')} problem={problem('reportId')}>
            {(aria) => (
              <select {...aria} name="reportId">
                <option value="">{t('mc.noReport')}</option>
                {props.reports.map((r) => (
                  <option value={r.id} selected={one(values, 'reportId') === r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Row>
        )}
        {text('calledAt', t('mc.calledAt'), 'datetime-local', t('mc.timeHint'))}
        {text('arrivedAt', t('mc.arrivedAt'), 'datetime-local')}
        {text('endedAt', t('mc.endedAt'), 'datetime-local')}
        {text('address', t('mc.address'))}
        {text('lat', t('mc.lat'))}
        {text('lon', t('mc.lon'))}
        <fieldset id={id('agents')}>
          <legend>{t('mc.agents')}</legend>
          {problem('agents') ? <p class="error">{problem('agents')}</p> : null}
          {props.agents.map((a) => (
            <div>
              <input
                type="checkbox"
                id={`agent-${a.id}`}
                name="agents"
                value={a.id}
                checked={many(values, 'agents').includes(a.id)}
              />{' '}
              <label for={`agent-${a.id}`}>
                {a.staff_number} — {a.given_name} {a.family_name}
              </label>
            </div>
          ))}
        </fieldset>
        {text('vehicles', t('mc.vehicles'), 'text', t('mc.vehiclesHint'))}
        <Row id={id('findings')} label={t('mc.findings')} problem={problem('findings')}>
          {(aria) => (
            <textarea {...aria} name="findings" rows={5}>
              {one(values, 'findings')}
            </textarea>
          )}
        </Row>
        <fieldset id={id('followUp')}>
          <legend>{t('mc.followUp')}</legend>
          {problem('followUp') ? <p class="error">{problem('followUp')}</p> : null}
          {followUps.map((f) => (
            <div>
              <input
                type="checkbox"
                id={`follow-${f}`}
                name="followUp"
                value={f}
                checked={many(values, 'followUp').includes(f)}
              />{' '}
              <label for={`follow-${f}`}>{t(`mc.followUp.${f}` as MessageKey)}</label>
            </div>
          ))}
        </fieldset>
        <h2>{t('mc.people')}</h2>
        {Array.from({ length: personCount }, (_, i) => {
          const name = (field: string) => `people[${i}].${field}`;
          return (
            <fieldset>
              <legend>{t('mc.person', { n: i + 1 })}</legend>
              <Row id={id(name('role'))} label={t('mc.role')} problem={problem(name('role'))}>
                {(aria) => (
                  <select {...aria} name={name('role')}>
                    <option value="">—</option>
                    {personRoles.map((r) => (
                      <option value={r} selected={one(values, name('role')) === r}>
                        {t(`mc.role.${r}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                )}
              </Row>
              {text(name('familyName'), t('mc.familyName'))}
              {text(name('givenName'), t('mc.givenName'))}
              {text(name('birthYear'), t('mc.birthYear'))}
              {text(name('phone'), t('mc.phone'), 'tel')}
            </fieldset>
          );
        })}
        {props.withReason ? (
          <Row id={id('reason')} label={t('mc.reason')} problem={problem('reason')}>
            {(aria) => (
              <textarea {...aria} name="reason" rows={2} required>
                {one(values, 'reason')}
              </textarea>
            )}
          </Row>
        ) : null}
        <button type="submit">{props.withReason ? t('mc.amend') : t('mc.save')}</button>
      </PostForm>
    </>
  );
}
