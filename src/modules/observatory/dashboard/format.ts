import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { Change } from './crime-figures.js';

/** A number as the page's language writes it (decimal comma in French). */
export const formatNumber = (n: number, lang: Lang, digits = 1) =>
  // A no-break space rather than Intl's narrow one, which the PDF's standard fonts cannot draw.
  n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).replace(/\u202f/g, '\u00a0');

/** « +4,2 % », « -10 % ». */
export const formatPercent = (n: number, lang: Lang) => `${n > 0 ? '+' : n < 0 ? '-' : ''}${formatNumber(Math.abs(n), lang)} %`;

/** A change, or why there is none, in words; a change across a series break says so. */
export function changeText(change: Change, t: Translate, lang: Lang): string {
  switch (change.kind) {
    case 'value':
      return change.acrossBreak
        ? `${formatPercent(change.percent, lang)} (${t('obs.acrossBreak')})`
        : formatPercent(change.percent, lang);
    case 'unknown':
      return t('obs.notComputable');
    case 'no-base':
      return t('obs.noBase');
    case 'no-year':
      return t('obs.noYear');
  }
}

/** The SSMSI's counting unit in words. */
export function unitText(unit: string, lang: Lang): string {
  const fr: Record<string, string> = {
    infraction: 'infractions',
    victime: 'victimes',
    mis_en_cause: 'mis en cause',
    vehicule: 'véhicules',
    victime_entendue: 'victimes entendues',
  };
  const en: Record<string, string> = {
    infraction: 'offences',
    victime: 'victims',
    mis_en_cause: 'suspects',
    vehicule: 'vehicles',
    victime_entendue: 'victims heard',
  };
  return (lang === 'fr' ? fr : en)[unit] ?? unit;
}
