import type { ComponentChildren } from 'preact';
import { emergencyNumbers } from '../emergency-numbers.js';
import { type Lang, localHref, type Translate } from '../i18n/i18n.js';

export interface PageContext {
  lang: Lang;
  t: Translate;
  /** The current path without query, to build the language switch. */
  path: string;
}

interface LayoutProps {
  page: PageContext;
  title: string;
  /** Sensitive pages get the quick-exit button (and no-referrer/no-store headers, set by the route). */
  sensitive?: boolean;
  homeHref?: string;
  /** Extra elements of <head> (a web app manifest). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

export function EmergencyNumbers({ t }: { t: Translate }) {
  return (
    <aside class="emergency" aria-labelledby="emergency-title">
      <h2 id="emergency-title">{t('emergency.title')}</h2>
      <ul>
        {emergencyNumbers.map((help) => (
          <li class={help.emergency ? undefined : 'listening'}>
            <a
              href={`${help.channel === 'sms' ? 'sms' : 'tel'}:${help.number}`}
              aria-label={`${t(help.channel === 'sms' ? 'emergency.sms' : 'emergency.call')} ${help.number} : ${t(help.label)}`}
            >
              <span class="number">{help.number}</span> <span class="label">{t(help.label)}</span>
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}

export function QuickExit({ t }: { t: Translate }) {
  // Works without JavaScript as a plain link; quick-exit.js also replaces the
  // history entry and answers the Escape key.
  return (
    <a class="quick-exit" href="https://meteofrance.com/" rel="noreferrer" data-quick-exit title={t('quickExit.hint')}>
      {t('quickExit.label')}
    </a>
  );
}

export function Layout({ page, title, sensitive, homeHref = '/', head, children }: LayoutProps) {
  const { t, lang } = page;
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {sensitive ? <script src="/static/quick-exit.js" defer /> : null}
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <a class="brand" href={localHref(homeHref, lang)}>
            {t('site.name')}
          </a>
          <nav aria-label={t('nav.languageNav')}>
            <a href={localHref(page.path, other)} hreflang={other} lang={other} aria-label={t('nav.languageLabel')}>
              {t('nav.language')}
            </a>
          </nav>
          {sensitive ? <QuickExit t={t} /> : null}
          <p class="urgent-strip">
            <strong>{t('emergency.short')}</strong> <a href="tel:17">17</a> <a href="tel:112">112</a>{' '}
            <a href="#emergency-title">{t('emergency.more')}</a>
          </p>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <EmergencyNumbers t={t} />
        <footer class="site-footer">
          <p>{t('footer.about')}</p>
          <p>
            <a href={localHref('/accessibilite', lang)}>{t('footer.accessibility')}</a> ·{' '}
            <a href="/api/docs">{t('footer.api')}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
