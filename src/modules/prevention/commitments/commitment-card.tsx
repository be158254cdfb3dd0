import { longDate } from '../../../platform/i18n/dates.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import type { CommitmentRow, EvidenceRow, FundingRow } from './commitment-queries.js';
import type { Figures } from './figure-formats.js';
import type { LiveEvidence } from './live-evidence.js';
import { LiveEvidenceView } from './live-evidence-view.js';

export const euros = (amount: number, lang: Lang) =>
  amount.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

/** Funding lines summed by year, latest first. */
export function fundingByYear(fundings: FundingRow[]): [number, number][] {
  const totals = new Map<number, number>();
  for (const f of fundings) totals.set(f.year, (totals.get(f.year) ?? 0) + f.amount);
  return [...totals.entries()].sort((a, b) => b[0] - a[0]);
}

/**
 * One commitment with what shows it moving. `staff` adds the responsible service, the internal note and
 * the funding lines one by one; the public sees the rest, its figures written by `figures`.
 */
export function CommitmentCard({
  commitment: c,
  live,
  evidence,
  fundings,
  figures,
  t,
  lang,
  staff,
  actions,
}: {
  commitment: CommitmentRow;
  live: LiveEvidence;
  evidence: EvidenceRow[];
  fundings: FundingRow[];
  figures: Figures;
  t: Translate;
  lang: Lang;
  staff: boolean;
  actions?: unknown;
}) {
  const id = `commitment-${c.id}`;
  const nothing = !staff && evidence.length === 0 && fundings.length === 0 && Object.keys(live).length === 0;
  return (
    <section aria-labelledby={`${id}-title`} class="card">
      <h2 id={`${id}-title`}>{c.title}</h2>
      <p>
        <strong>{t(`commitments.kind.${c.kind}` as MessageKey)}</strong> ·{' '}
        {t('commitments.stateLine', { state: t(`commitments.state.${c.state}` as MessageKey), date: longDate(c.state_on, lang) })}
      </p>
      {c.description ? <p>{c.description}</p> : null}
      {c.target ? <p>{t('commitments.target', { target: c.target })}</p> : null}
      {staff ? <p>{t('commitments.service', { service: c.service })}</p> : null}
      {staff && c.internal_note ? <p class="hint">{t('commitments.internalNote', { note: c.internal_note })}</p> : null}
      <h3>{staff ? t('commitments.live') : t('commitments.publicDone')}</h3>
      {nothing ? <p>{t('commitments.publicNothingYet')}</p> : null}
      <LiveEvidenceView live={live} figures={figures} t={t} lang={lang} idPrefix={id} />
      {fundings.length > 0 ? (
        staff ? (
          <div class="table-scroll">
            <table>
              <caption>{t('commitments.fundings')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('commitments.field.year')}</th>
                  <th scope="col">{t('commitments.field.associationId')}</th>
                  <th scope="col">{t('commitments.field.amount')}</th>
                  <th scope="col">{t('commitments.field.purpose')}</th>
                </tr>
              </thead>
              <tbody>
                {fundings.map((f) => (
                  <tr>
                    <th scope="row">{f.year}</th>
                    <td>{f.association}</td>
                    <td class="num">{euros(f.amount, lang)}</td>
                    <td>{f.purpose}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <ul>
            {fundingByYear(fundings).map(([year, amount]) => (
              <li>{t('commitments.publicFunding', { year: String(year), amount: euros(amount, lang) })}</li>
            ))}
          </ul>
        )
      ) : null}
      {evidence.length > 0 ? (
        <>
          {staff ? <h4>{t('commitments.evidence')}</h4> : null}
          <ul>
            {evidence.map((e) => (
              <li>
                <time datetime={e.happened_on}>{longDate(e.happened_on, lang)}</time> — {e.text}
                {e.link ? (
                  <>
                    {' '}
                    (
                    <a href={e.link} rel="noopener noreferrer">
                      {t('commitments.document')}
                    </a>
                    )
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : staff ? (
        <p>{t('commitments.noEvidence')}</p>
      ) : null}
      {actions as never}
    </section>
  );
}
