import type { Lang } from './i18n.js';

/** "2026-05-15" → « 15 mai 2026 » / "15 May 2026" (a calendar date: no zone moves it). */
export const longDate = (date: string, lang: Lang) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
