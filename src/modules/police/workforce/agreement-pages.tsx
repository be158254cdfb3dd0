import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { CSRF_FIELD } from '../../../platform/accounts/csrf.js';
import type { AppDeps } from '../../../platform/deps.js';
import { longDate } from '../../../platform/i18n/dates.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { listAgreements } from './agreements.js';
import { type FormState, PoliceNav, policeBase, Select } from './page-common.js';
import { agreementKinds, budgetKinds } from './tables.js';

/** The agreements, their end dates and PDFs, and the form to add one (multipart, for the PDF). */
export async function sendAgreementsPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
  const tenant = request.tenant!;
  const base = policeBase(tenant.slug);
  const page = pageContext(request, `${base}/conventions`);
  const { t, lang } = page;
  const agreements = await withTenant(deps.database.db, tenant.id, listAgreements);
  const p = (name: string) => fieldProblem(state.problems, name, lang);
  const v = (name: string) => state.values?.[name];
  return sendPage(
    reply,
    <Layout page={page} title={t('police.agreements')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.agreements')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      <section class="table-scroll" tabindex={0} aria-label={t('police.agreements')}>
        <table id="conventions">
          <thead>
            <tr>
              <th scope="col">{t('police.subject')}</th>
              <th scope="col">{t('police.kind')}</th>
              <th scope="col">{t('police.parties')}</th>
              <th scope="col">{t('police.signedOn')}</th>
              <th scope="col">{t('police.expiresOn')}</th>
              <th scope="col">{t('police.download')}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((a) => (
              <tr>
                <th scope="row">{a.subject}</th>
                <td>{t(`police.ag.${a.kind}` as MessageKey)}</td>
                <td>{a.parties}</td>
                <td>{longDate(a.signed_on, lang)}</td>
                <td>{longDate(a.expires_on, lang)}</td>
                <td>{a.pdf_name ? <a href={`${base}/conventions/${a.id}.pdf`}>{a.pdf_name}</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2 id="new-agreement">{t('police.newAgreement')}</h2>
      <FormErrors t={t} problems={state.problems ?? []} lang={lang} />
      <form method="post" action={`${base}/conventions`} enctype="multipart/form-data" aria-label={t('police.newAgreement')}>
        <input type="hidden" name={CSRF_FIELD} value={request.csrf()} />
        <Select
          name="kind"
          label={t('police.kind')}
          lang={lang}
          state={state}
          options={agreementKinds.map((k) => ({ value: k, label: t(`police.ag.${k}` as MessageKey) }))}
        />
        <Field t={t} name="parties" label={t('police.parties')} required value={v('parties')} problem={p('parties')} />
        <Field t={t} name="subject" label={t('police.subject')} required value={v('subject')} problem={p('subject')} />
        <Field
          t={t}
          name="signedOn"
          type="date"
          label={t('police.signedOn')}
          required
          value={v('signedOn')}
          problem={p('signedOn')}
        />
        <Field
          t={t}
          name="expiresOn"
          type="date"
          label={t('police.expiresOn')}
          required
          value={v('expiresOn')}
          problem={p('expiresOn')}
        />
        <div class={p('pdf') ? 'field has-error' : 'field'}>
          <label for="field-pdf">{t('police.pdf')}</label>
          {p('pdf') ? (
            <p class="error" id="field-pdf-error">
              {p('pdf')}
            </p>
          ) : null}
          <input id="field-pdf" name="pdf" type="file" accept="application/pdf" aria-invalid={p('pdf') ? 'true' : undefined} />
        </div>
        <button type="submit">{t('police.create')}</button>
      </form>
    </Layout>,
    { sensitive: true, status: state.status },
  );
}

const euros = (cents: number, lang: 'fr' | 'en') =>
  (cents / 100).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' });

/** Budget lines by year: equipment, pay measures, training; planned and spent. */
export async function sendBudgetPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
  const tenant = request.tenant!;
  const base = policeBase(tenant.slug);
  const page = pageContext(request, `${base}/budget`);
  const { t, lang } = page;
  const lines = await withTenant(deps.database.db, tenant.id, (tx) =>
    tx
      .selectFrom('police_budget_lines')
      .select(['year', 'kind', 'label', 'planned_cents', 'spent_cents'])
      .orderBy('year', 'desc')
      .orderBy('kind')
      .execute(),
  );
  const years = [...new Set(lines.map((l) => l.year))];
  const p = (name: string) => fieldProblem(state.problems, name, lang);
  const v = (name: string) => state.values?.[name];
  return sendPage(
    reply,
    <Layout page={page} title={t('police.budget')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.budget')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      {years.map((year) => {
        const ofYear = lines.filter((l) => l.year === year);
        return (
          <section class="table-scroll" tabindex={0} aria-label={`${t('police.budget')} ${year}`}>
            <table>
              <caption>{year}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('police.label')}</th>
                  <th scope="col">{t('police.kind')}</th>
                  <th scope="col" class="num">
                    {t('police.planned')}
                  </th>
                  <th scope="col" class="num">
                    {t('police.spent')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ofYear.map((l) => (
                  <tr>
                    <th scope="row">{l.label}</th>
                    <td>{t(`police.bk.${l.kind}` as MessageKey)}</td>
                    <td class="num">{euros(l.planned_cents, lang)}</td>
                    <td class="num">{euros(l.spent_cents, lang)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('police.total')}</th>
                  <td />
                  <td class="num">
                    {euros(
                      ofYear.reduce((n, l) => n + l.planned_cents, 0),
                      lang,
                    )}
                  </td>
                  <td class="num">
                    {euros(
                      ofYear.reduce((n, l) => n + l.spent_cents, 0),
                      lang,
                    )}
                  </td>
                </tr>
              </tbody>
            </table>
          </section>
        );
      })}
      <h2>{t('police.newBudgetLine')}</h2>
      <FormErrors t={t} problems={state.problems ?? []} lang={lang} />
      <PostForm action={`${base}/budget`} csrf={request.csrf()} label={t('police.newBudgetLine')}>
        <Field t={t} name="year" type="number" label={t('police.year')} required value={v('year')} problem={p('year')} />
        <Select
          name="kind"
          label={t('police.kind')}
          lang={lang}
          state={state}
          options={budgetKinds.map((k) => ({ value: k, label: t(`police.bk.${k}` as MessageKey) }))}
        />
        <Field t={t} name="label" label={t('police.label')} required value={v('label')} problem={p('label')} />
        <Field t={t} name="planned" label={t('police.planned')} required value={v('planned')} problem={p('planned')} />
        <Field t={t} name="spent" label={t('police.spent')} value={v('spent')} problem={p('spent')} />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
    </Layout>,
    { sensitive: true, status: state.status },
  );
}
