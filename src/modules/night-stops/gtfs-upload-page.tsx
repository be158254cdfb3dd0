/**
 * The transport authority's upload page: the version in service, the history, and a form that sends a zip
 * to the same import as the CLI. Success answers with a redirect (post/redirect/get); a refused feed answers
 * 400 with every problem at its place (file, line, column).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem, problemText } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { importGtfs } from './gtfs-import.js';
import { problemLine } from './gtfs-problems.js';
import { activeFeed, type FeedVersion, feedHistory } from './gtfs-queries.js';
import { zipBufferSource } from './gtfs-source.js';

/** A feed's zip may be far bigger than a report's photos (the global limit is 10 MB). */
export const GTFS_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

const manage = { config: { permission: 'night-stops.manage' }, schema: { hide: true } } as const;
type Body = Record<string, string | Buffer | undefined>;

export function registerGtfsUploadPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function uploadPage(request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[] = [], status = 200) {
    const tenant = request.tenant!;
    const path = `/t/${tenant.slug}/espace/descente/gtfs`;
    const page = pageContext(request, path);
    const { t, lang } = page;
    const { active, history } = await withTenant(db, tenant.id, async (tx) => ({
      active: await activeFeed(tx),
      history: await feedHistory(tx),
    }));
    const when = (d: Date | null) =>
      d ? new Date(d).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: tenant.time_zone }) : '—';
    const counts = (v: FeedVersion) =>
      Object.entries(v.counts)
        .map(([file, n]) => `${file} ${n}`)
        .join(', ');
    return sendPage(
      reply,
      <Layout page={page} title={t('gtfs.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('gtfs.title')}</h1>
        {(request.query as { importe?: string }).importe ? (
          <div class="notice" role="status">
            <p>{t('gtfs.imported')}</p>
          </div>
        ) : null}
        {problems.length ? (
          <div class="form-errors" role="alert">
            <p>{t('gtfs.refused')}</p>
            <ul>
              {problems.map((p) => (
                <li>{problemText(p, lang)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p>{t('gtfs.intro')}</p>
        <form method="post" action={path} enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={request.csrf()} />
          <div class="field">
            <label for="field-feed">{t('gtfs.file')}</label>
            <input id="field-feed" name="feed" type="file" accept=".zip,application/zip" required />
          </div>
          <button type="submit">{t('gtfs.send')}</button>
        </form>
        <h2>{t('gtfs.active')}</h2>
        {active ? (
          <dl>
            <dt>{t('gtfs.source')}</dt>
            <dd>{active.source}</dd>
            <dt>{t('gtfs.activatedAt')}</dt>
            <dd>{when(active.activatedAt)}</dd>
            <dt>{t('gtfs.counts')}</dt>
            <dd>{counts(active)}</dd>
            <dt>{t('gtfs.warnings')}</dt>
            <dd>
              {active.warnings.length ? (
                <ul>
                  {active.warnings.map((w) => (
                    <li>{problemLine(w, lang)}</li>
                  ))}
                </ul>
              ) : (
                '—'
              )}
            </dd>
          </dl>
        ) : (
          <p>{t('gtfs.none')}</p>
        )}
        <h2>{t('gtfs.history')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('gtfs.importedAt')}</th>
              <th scope="col">{t('gtfs.source')}</th>
              <th scope="col">{t('gtfs.statusLabel')}</th>
              <th scope="col">{t('gtfs.counts')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr>
                <td>{when(v.importedAt)}</td>
                <td>{v.source}</td>
                <td>{t(`gtfs.status.${v.status}` as MessageKey)}</td>
                <td>{counts(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
      { sensitive: true, status },
    );
  }

  app.get<{ Params: { slug: string } }>('/t/:slug/espace/descente/gtfs', manage, (request, reply) => uploadPage(request, reply));

  app.post<{ Params: { slug: string }; Body: Body }>(
    '/t/:slug/espace/descente/gtfs',
    { ...manage, config: { ...manage.config, multipartOptions: { limits: { fileSize: GTFS_UPLOAD_LIMIT_BYTES, files: 1 } } } },
    async (request, reply) => {
      const file = request.body?.feed;
      try {
        if (!Buffer.isBuffer(file) || file.length === 0)
          throw new AppError('invalid_input', 'feed: no file', [
            { field: 'feed', message: 'Choose a zip file.', fr: 'Choisissez un fichier zip.' },
          ]);
        const name = `${request.tenant!.slug}-${deps.clock.now().toISOString().slice(0, 10)}.zip`;
        await importGtfs(requestContext(deps, request), await zipBufferSource(name, file));
        return reply.redirect(`/t/${request.params.slug}/espace/descente/gtfs?importe=1`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input') return uploadPage(request, reply, error.details, 400);
        throw error;
      }
    },
  );
}
