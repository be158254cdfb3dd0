import type { Lang } from '../../platform/i18n/i18n.js';
import { formatProtected, type ProtectedCount } from '../../platform/privacy/small-numbers.js';

const pad = (h: number) => String(h % 24).padStart(2, '0');

/** 25 → « 01 h – 02 h » / "01:00–02:00": the band's hours as a clock shows them. */
export const bandLabel = (band: number, lang: Lang) =>
  lang === 'fr' ? `${pad(band)} h – ${pad(band + 1)} h` : `${pad(band)}:00–${pad(band + 1)}:00`;

/** '2026-11' → « novembre 2026 ». */
export const monthLabel = (month: string, lang: Lang) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** '1' (Monday) … '7'. 2024-01-01 was a Monday. */
export const weekdayLabel = (isoDay: string, lang: Lang) =>
  new Date(Date.UTC(2024, 0, Number(isoDay), 12)).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    timeZone: 'UTC',
  });

/** A protected count in a table cell (every hidden figure alike). */
export const cellText = (count: ProtectedCount, lang: Lang) => formatProtected(count, lang, { inTable: true });

/** A share as a whole percentage, or « — » when a term is hidden. */
export const shareText = (share: number | null, lang: Lang) =>
  share === null ? '—' : `${Math.round(share * 100)}${lang === 'fr' ? ' %' : '%'}`;
