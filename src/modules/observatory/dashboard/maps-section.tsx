import { type Lang, localHref, type Translate } from '../../../platform/i18n/i18n.js';
import type { CrimeIndicator } from './crime-source.js';
import type { MapModel } from './map-model.js';
import { TerritoryMap } from './territory-map.js';

/**
 * The maps by territory with, when there is a map of communes, a GET form choosing its indicator (no JavaScript; the
 * year and baseline shown are kept).
 */
export function MapsSection({
  maps,
  action,
  indicators,
  chosen,
  year,
  baselineYear,
  t,
  lang,
}: {
  maps: MapModel[];
  action: string;
  indicators: CrimeIndicator[];
  chosen: string | undefined;
  year: number;
  baselineYear: number;
  t: Translate;
  lang: Lang;
}) {
  const communes = maps.some((m) => m.id === 'carte-communes');
  return (
    <section aria-labelledby="cartes-h" id="cartes">
      <h2 id="cartes-h">{t('obs.map.title')}</h2>
      {maps.length === 0 ? <p>{t('obs.map.none')}</p> : null}
      {communes && indicators.length > 1 ? (
        <form method="get" action={`${localHref(action, lang)}#cartes`} class="report-period">
          {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <input type="hidden" name="annee" value={String(year)} />
          <input type="hidden" name="reference" value={String(baselineYear)} />
          <label for="obs-map-indicator">{t('obs.map.indicator')}</label>
          <select id="obs-map-indicator" name="carte">
            {indicators.map((i) => (
              <option value={i.key} selected={i.key === chosen}>
                {lang === 'fr' ? i.label.fr : i.label.en}
              </option>
            ))}
          </select>
          <button type="submit">{t('obs.map.show')}</button>
        </form>
      ) : null}
      {maps.map((model) => (
        <TerritoryMap model={model} t={t} lang={lang} />
      ))}
    </section>
  );
}
