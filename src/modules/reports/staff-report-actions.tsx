import type { MessageKey } from '../../platform/i18n/messages.js';
import { Field, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { reportTransitions } from './report-transitions.js';
import { formatDate } from './staff-pages-common.js';
import type { ReportPageProps } from './staff-report-view.js';

type Props = ReportPageProps & {
  canManage: boolean;
  organisations: { id: string; name: string }[];
  /** Other tenants this report may be passed to (their territory covers it). */
  referralTargets: { id: string; name: string }[];
};

/** The forms of the report page: state, note, article 40, nearby reports and merge, assignment, moderation. */
export function ReportActions(props: Props) {
  const { t, lang, view, base, csrf, failed, canManage, organisations, referralTargets, timeZone } = props;
  const { report } = view;
  const action = `${base}/${report.id}`;
  const problem = (form: string) => (name: string) =>
    failed?.form === form ? fieldProblem(failed.problems, name, lang) : undefined;
  const next = reportTransitions[report.status];
  return (
    <>
      <h2 id="status">{t('reports.changeStatus')}</h2>
      {next.length === 0 ? (
        <p>{t('reports.final')}</p>
      ) : (
        <PostForm action={`${action}/etat`} csrf={csrf}>
          <div class={problem('status')('to') ? 'field has-error' : 'field'}>
            <label for="status-to">{t('reports.to')}</label>
            <select id="status-to" name="to">
              {next.map((s) => (
                <option value={s}>{t(`reports.status.${s}` as MessageKey)}</option>
              ))}
            </select>
          </div>
          <Field t={t} idPrefix="status" name="reason" label={t('reports.reason')} problem={problem('status')('reason')} />
          <button type="submit">{t('reports.changeStatus')}</button>
        </PostForm>
      )}
      <h2>{t('reports.note')}</h2>
      <PostForm action={`${action}/note`} csrf={csrf}>
        <div class={problem('note')('note') ? 'field has-error' : 'field'}>
          <label for="note-note">{t('reports.note.text')}</label>
          {problem('note')('note') ? (
            <p class="error" id="note-note-error">
              {problem('note')('note')}
            </p>
          ) : null}
          <textarea
            id="note-note"
            name="note"
            rows={3}
            required
            aria-describedby={problem('note')('note') ? 'note-note-error' : undefined}
          />
        </div>
        <div class="field">
          <input type="checkbox" id="note-forReporter" name="forReporter" value="yes" />{' '}
          <label for="note-forReporter">{t('reports.note.forReporter')}</label>
        </div>
        <button type="submit" class="secondary">
          {t('reports.note.add')}
        </button>
      </PostForm>
      <h2>{t('reports.nearby')}</h2>
      <p class="hint">{t('reports.nearby.hint')}</p>
      {view.nearby.length === 0 ? <p>{t('reports.nearby.none')}</p> : null}
      <ul class="report-nearby">
        {view.nearby.map((n) => (
          <li>
            <a href={`${base}/${n.id}`}>
              {lang === 'fr' ? n.category_fr : n.category_en} — {formatDate(n.created_at, lang, timeZone)}
            </a>{' '}
            — {t(`reports.status.${n.status}` as MessageKey)}, {t('reports.nearby.metres', { metres: n.metres })}
            <PostForm action={`${action}/doublon`} csrf={csrf}>
              <input type="hidden" name="into" value={n.id} />
              <button type="submit" class="secondary">
                {t('reports.merge.into')}
              </button>
            </PostForm>
          </li>
        ))}
      </ul>
      {report.duplicate_of ? null : (
        <details>
          <summary>{t('reports.merge.title')}</summary>
          <PostForm action={`${action}/doublon`} csrf={csrf}>
            <Field t={t} idPrefix="merge" name="into" label={t('reports.merge.id')} required problem={problem('merge')('into')} />
            <button type="submit" class="secondary">
              {t('reports.merge.submit')}
            </button>
          </PostForm>
        </details>
      )}
      <h2>{t('reports.article40')}</h2>
      <p class="hint">{t('reports.article40.hint')}</p>
      <PostForm action={`${action}/article40`} csrf={csrf}>
        <Field
          t={t}
          idPrefix="article40"
          type="date"
          name="informedOn"
          label={t('reports.article40.on')}
          required
          problem={problem('article40')('informedOn')}
        />
        <Field
          t={t}
          idPrefix="article40"
          name="informedBy"
          label={t('reports.article40.by')}
          required
          problem={problem('article40')('informedBy')}
        />
        <button type="submit" class="secondary">
          {t('reports.article40.submit')}
        </button>
      </PostForm>
      {canManage ? (
        <>
          <h2>{t('reports.assign')}</h2>
          <PostForm action={`${action}/transmettre`} csrf={csrf}>
            <div class={problem('assign')('organisationId') ? 'field has-error' : 'field'}>
              <label for="assign-organisationId">{t('reports.assign.to')}</label>
              {problem('assign')('organisationId') ? <p class="error">{problem('assign')('organisationId')}</p> : null}
              <select id="assign-organisationId" name="organisationId">
                {organisations
                  .filter((o) => o.id !== report.organisation_id)
                  .map((o) => (
                    <option value={o.id}>{o.name}</option>
                  ))}
              </select>
            </div>
            <button type="submit" class="secondary">
              {t('reports.assign.submit')}
            </button>
          </PostForm>
          {referralTargets.length ? (
            <>
              <h2>{t('reports.refer')}</h2>
              <p class="hint">{t('reports.refer.hint')}</p>
              <PostForm action={`${action}/partenaire`} csrf={csrf}>
                <div class={problem('refer')('targetTenantId') ? 'field has-error' : 'field'}>
                  <label for="refer-targetTenantId">{t('reports.refer.to')}</label>
                  {problem('refer')('targetTenantId') ? <p class="error">{problem('refer')('targetTenantId')}</p> : null}
                  <select id="refer-targetTenantId" name="targetTenantId">
                    {referralTargets.map((target) => (
                      <option value={target.id}>{target.name}</option>
                    ))}
                  </select>
                </div>
                <button type="submit" class="secondary">
                  {t('reports.refer.submit')}
                </button>
              </PostForm>
            </>
          ) : null}
          <h2>{t('reports.moderation')}</h2>
          <p>
            {report.moderation === 'published'
              ? t('reports.moderation.published', { text: report.published_description ?? '' })
              : t(`reports.moderation.${report.moderation}` as MessageKey)}
          </p>
          <PostForm action={`${action}/publication`} csrf={csrf}>
            <div class={problem('publish')('text') ? 'field has-error' : 'field'}>
              <label for="publish-text">{t('reports.moderation.text')}</label>
              {problem('publish')('text') ? <p class="error">{problem('publish')('text')}</p> : null}
              <textarea id="publish-text" name="text" rows={3}>
                {report.published_description ?? ''}
              </textarea>
            </div>
            <button type="submit" name="action" value="publish" class="secondary">
              {t('reports.moderation.publish')}
            </button>{' '}
            <button type="submit" name="action" value="hide" class="secondary">
              {t('reports.moderation.hide')}
            </button>
          </PostForm>
        </>
      ) : null}
    </>
  );
}
