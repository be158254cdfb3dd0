import { en, fr, type MessageKey } from './messages.js';

export type Lang = 'fr' | 'en';
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const catalogues: Record<Lang, Record<MessageKey, string>> = { fr, en };

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, values) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

/** `?lang=` wins, then the browser's Accept-Language; French otherwise. */
export function pickLang(query: unknown, acceptLanguage: string | undefined): Lang {
  const asked = (query as { lang?: unknown } | undefined)?.lang;
  if (asked === 'en' || asked === 'fr') return asked;
  if (!acceptLanguage) return 'fr';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'fr';
}

/** Keeps the chosen language in links when it is not the default. */
export function localHref(path: string, lang: Lang): string {
  if (lang === 'fr') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}
