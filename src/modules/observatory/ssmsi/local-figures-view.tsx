import { type Role, roleLabels } from '../../../platform/access/roles.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { PostForm } from '../../../platform/pages/forms.js';
import type { LocalFigure } from './local-figures.js';

/** The State's monthly figures as a table (import page, staff dashboard): exact counts, for the roles allowed only. */
export function LocalFiguresTable({ figures, labelledBy, t }: { figures: LocalFigure[]; labelledBy: string; t: Translate }) {
  if (figures.length === 0) return <p>{t('ssmsi.localNone')}</p>;
  return (
    <section class="table-scroll" tabindex={0} aria-labelledby={labelledBy} data-local-figures>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ssmsi.month')}</th>
            <th scope="col">{t('ssmsi.indicator')}</th>
            <th scope="col">{t('ssmsi.count')}</th>
            <th scope="col">{t('ssmsi.source')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr>
              <td>{f.month}</td>
              <td>{f.indicator}</td>
              <td>{f.count}</td>
              <td>{t(`ssmsi.localSource.${f.source}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The tenant's list of roles that read the local figures: a form of checkboxes for who manages settings, else a sentence. */
export function ConfidentialRoles({
  allowed,
  eligible,
  action,
  csrf,
  t,
  lang,
}: {
  allowed: Role[];
  eligible: Role[];
  /** Absent: shown read-only. */
  action?: string;
  csrf: string;
  t: Translate;
  lang: Lang;
}) {
  return (
    <section aria-labelledby="roles-title" data-confidential-roles>
      <h2 id="roles-title">{t('ssmsi.rolesTitle')}</h2>
      <p>{t('ssmsi.rolesIntro')}</p>
      {action ? (
        <PostForm action={action} csrf={csrf}>
          <fieldset>
            <legend>{t('ssmsi.rolesTitle')}</legend>
            {eligible.map((role) => (
              <div>
                <input type="checkbox" id={`role-${role}`} name="roles" value={role} checked={allowed.includes(role)} />{' '}
                <label for={`role-${role}`}>{roleLabels[role][lang]}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('ssmsi.rolesSave')}</button>
        </PostForm>
      ) : (
        <p>{t('ssmsi.rolesNow', { roles: allowed.map((r) => roleLabels[r][lang]).join(', ') })}</p>
      )}
    </section>
  );
}
