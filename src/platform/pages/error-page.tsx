import { type AppError, problemText } from '../errors.js';
import type { MessageKey } from '../i18n/messages.js';
import { Layout, type PageContext } from './layout.js';

const explanation = (error: AppError): MessageKey => {
  if (error.code === 'not_found') return 'error.notFound';
  if (error.code === 'unavailable') return 'error.unavailable';
  if (error.code === 'forbidden') return 'error.forbidden';
  if (error.code === 'unauthenticated') return 'error.unauthenticated';
  if (error.status < 500) return 'error.invalid';
  return 'error.internal';
};

/** Shown for any failure on a page: plain words, the request reference, never a stack trace. */
export function ErrorPage({ page, error, requestId }: { page: PageContext; error: AppError; requestId: string }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('error.title')}>
      <h1>{t('error.title')}</h1>
      <p>{t(explanation(error))}</p>
      {error.code === 'forbidden' || (error.code === 'invalid_input' && error.details.length === 0) ? (
        <p>{error.message}</p>
      ) : null}
      {error.status < 500 && error.details.length > 0 ? (
        <ul>
          {error.details.map((d) => (
            <li>
              {d.field} : {problemText(d, page.lang)}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        {t('error.reference')} : <span class="reference">{requestId}</span>
      </p>
      <p>
        <a href="/">{t('error.back')}</a>
      </p>
    </Layout>
  );
}
