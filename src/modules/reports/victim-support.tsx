import type { Translate } from '../../platform/i18n/i18n.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import type { SafePlaceIndex } from '../safe-places/place-index.js';

/**
 * For victims of sexist, sexual or LGBTI-phobic acts: a report is not a complaint — where to file one, who
 * helps, the nearest safe place open now (from the safe-places network, when the tenant runs it) and, for the way
 * home at night, the bus drop-off between two stops (when a transport authority offers it there).
 */
export function VictimSupport({
  t,
  tenant,
  helpNumbers,
  safePlaces,
  point,
  now,
  nightStopsHref,
}: {
  t: Translate;
  tenant: Tenant;
  helpNumbers: { number: string; label: string }[];
  safePlaces?: SafePlaceIndex;
  point: { lat: number; lon: number };
  now: Date;
  /** The night drop-off page serving the tenant (its own or its transport authority's), when there is one. */
  nightStopsHref?: string;
}) {
  const nearest =
    safePlaces && tenant.programmes.includes('safe-places')
      ? safePlaces.nearest(tenant.id, { lat: point.lat, lon: point.lon, at: now, limit: 1 }).open[0]
      : undefined;
  return (
    <section aria-labelledby="support-title">
      <h2 id="support-title">{t('support.title')}</h2>
      <p>{t('support.complaint')}</p>
      <ul>
        <li>
          <a href="https://www.pre-plainte-en-ligne.gouv.fr/" rel="noreferrer">
            {t('report.preComplaint')}
          </a>
        </li>
        <li>
          <a href="tel:116006">116 006</a> — {t('report.franceVictimes')}
        </li>
        <li>
          <a href="tel:3919">3919</a> — {t('report.violencesFemmes')}
        </li>
        {helpNumbers.map((h) => (
          <li>
            <a href={`tel:${h.number}`}>{h.number}</a> — {h.label}
          </li>
        ))}
      </ul>
      {nearest ? (
        <p>
          {t('support.safePlace')} <a href={`/t/${tenant.slug}/angela/lieux/${nearest.place.id}`}>{nearest.place.name}</a>
          {nearest.place.address ? ` — ${nearest.place.address}` : ''}
        </p>
      ) : null}
      {nightStopsHref ? (
        <p>
          {t('support.nightStops')} <a href={nightStopsHref}>{t('support.nightStopsLink')}</a>
        </p>
      ) : null}
    </section>
  );
}
