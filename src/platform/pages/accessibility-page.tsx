import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { Layout } from './layout.js';
import { pageContext, sendPage } from './render.js';

/**
 * When this statement was last reviewed. No full RGAA audit has been made yet, so the law's rule
 * applies: without a valid audit, a service declares itself « non conforme », whatever automated
 * checks it passes.
 */
const REVIEWED_ON = '2026-11-26';

/** The accessibility statement (RGAA, loi n° 2005-102 art. 47), linked from every page's footer. */
export function registerAccessibilityPage(app: FastifyInstance, deps: AppDeps) {
  app.get('/accessibilite', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const page = pageContext(request);
    const { t, lang } = page;
    const { name, accessibilityContact } = deps.config.operator;
    const reviewed = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long' }).format(
      new Date(`${REVIEWED_ON}T12:00:00Z`),
    );
    return sendPage(
      reply,
      <Layout page={page} title={t('a11y.title')}>
        <h1>{t('a11y.title')}</h1>
        <p>{t('a11y.commitment', { name })}</p>
        <h2>{t('a11y.stateTitle')}</h2>
        <p>
          <strong>{t('a11y.state')}</strong> {t('a11y.stateWhy')}
        </p>
        <h2>{t('a11y.doneTitle')}</h2>
        <ul>
          <li>{t('a11y.doneAxe')}</li>
          <li>{t('a11y.doneKeyboard')}</li>
          <li>{t('a11y.doneNoJs')}</li>
          <li>{t('a11y.doneMaps')}</li>
        </ul>
        <h2>{t('a11y.knownTitle')}</h2>
        <ul>
          <li>{t('a11y.knownPdf')}</li>
          <li>{t('a11y.knownCharts')}</li>
        </ul>
        <h2>{t('a11y.techTitle')}</h2>
        <p>{t('a11y.tech')}</p>
        <h2>{t('a11y.contactTitle')}</h2>
        <p>{t('a11y.contact')}</p>
        <p>
          <a href={accessibilityContact}>{accessibilityContact.replace(/^mailto:/, '')}</a>
        </p>
        <h2>{t('a11y.appealTitle')}</h2>
        <p>{t('a11y.appeal')}</p>
        <ul>
          <li>
            <a href="https://formulaire.defenseurdesdroits.fr/">{t('a11y.appealForm')}</a>
          </li>
          <li>{t('a11y.appealDelegate')}</li>
          <li>{t('a11y.appealMail')}</li>
        </ul>
        <p>{t('a11y.reviewed', { date: reviewed })}</p>
      </Layout>,
    );
  });
}
