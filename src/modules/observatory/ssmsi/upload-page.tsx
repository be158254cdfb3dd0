/**
 * The import page (`/t/{slug}/espace/observatoire/import`, `observatory.import`): the SSMSI editions in service and
 * the history, a form sending a .csv or .csv.gz to the same importer as the CLI, and — for the roles the tenant allows
 * only — the State's local figures with their CSV form; the list of those roles (a form for who manages the tenant's
 * settings). Success redirects (post/redirect/get); a refused file
 * answers 400 with every problem at its line.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem, problemText } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { confidentialRoles, eligibleRoles, mayReadConfidential, setConfidentialRoles } from './confidential-access.js';
import { activeEditions, type EditionRow, editionHistory } from './edition-queries.js';
import { importSsmsi } from './import-ssmsi.js';
import { importLocalFigures, type LocalFigure, readLocalFigures } from './local-figures.js';
import { ConfidentialRoles, LocalFiguresTable } from './local-figures-view.js';
import { requireObservatory } from './require-observatory.js';
import { bufferSource } from './ssmsi-source.js';

/** A gzipped communal file is some tens of MB; the plain one (hundreds of MB) goes through the CLI. */
export const SSMSI_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

const importing = { config: { permission: 'observatory.import' }, schema: { hide: true } } as const;
type Body = Record<string, string | Buffer | undefined>;

/** The SSMSI tables belong to no tenant: the import is recorded in the chain of the tenant whose staff sent it. */
const recordSsmsiImport = defineOperation({
  name: 'observatory.import-ssmsi',
  permission: 'observatory.import',
  async run({ audit }, input: { editionId: string; rows: number }) {
    audit({ entityType: 'ssmsi-edition', entityId: input.editionId, fields: ['status'], count: input.rows });
  },
});

const noFile = (field: string, t: string, fr: string) =>
  new AppError('invalid_input', `${field}: no file`, [{ field, message: t, fr }]);

export function registerSsmsiUploadPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function page(request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[] = [], status = 200) {
    const tenant = request.tenant!;
    const path = `/t/${tenant.slug}/espace/observatoire/import`;
    const context = pageContext(request, path);
    const { t, lang } = context;
    const query = request.query as { importe?: string; lignes?: string; nd?: string; locaux?: string; roles?: string };
    const [active, history] = await Promise.all([activeEditions(db), editionHistory(db)]);
    const { confidential, allowed } = await withTenant(db, tenant.id, async (tx) => ({
      confidential: await mayReadConfidential(tx, request.actor),
      allowed: await confidentialRoles(tx),
    }));
    const local: LocalFigure[] = confidential ? await readLocalFigures(requestContext(deps, request), {}) : [];
    const when = (d: Date | null) =>
      d ? new Date(d).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: tenant.time_zone }) : '—';
    const years = (e: EditionRow) => (e.years.length ? `${e.years[0]}–${e.years.at(-1)}` : '—');
    return sendPage(
      reply,
      <Layout page={context} title={t('ssmsi.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('ssmsi.title')}</h1>
        {query.importe ? (
          <div class="notice" role="status">
            <p>{t('ssmsi.imported', { rows: Number(query.lignes ?? 0), unpublished: Number(query.nd ?? 0) })}</p>
          </div>
        ) : null}
        {query.roles ? (
          <div class="notice" role="status">
            <p>{t('ssmsi.rolesSaved')}</p>
          </div>
        ) : null}
        {query.locaux ? (
          <div class="notice" role="status">
            <p>{t('ssmsi.localImported', { count: Number(query.locaux) })}</p>
          </div>
        ) : null}
        {problems.length ? (
          <div class="form-errors" role="alert">
            <p>{t(problems.every((p) => p.field === 'roles') ? 'ssmsi.rolesRefused' : 'ssmsi.refused')}</p>
            <ul>
              {problems.map((p) => (
                <li>{problemText(p, lang)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p>{t('ssmsi.intro')}</p>
        <form method="post" action={path} enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={request.csrf()} />
          <div class="field">
            <label for="field-ssmsi">{t('ssmsi.file')}</label>
            <input id="field-ssmsi" name="ssmsi" type="file" accept=".csv,.gz,text/csv,application/gzip" required />
          </div>
          <button type="submit">{t('ssmsi.send')}</button>
        </form>
        <h2 id="active-title">{t('ssmsi.active')}</h2>
        {active.length ? (
          <Editions rows={active} t={t} when={when} years={years} labelledBy="active-title" />
        ) : (
          <p>{t('ssmsi.none')}</p>
        )}
        {active
          .filter((e) => e.unknown_labels.length)
          .map((e) => (
            <p>
              {t('ssmsi.unknownLabels')} ({t(`ssmsi.kind.${e.file_kind}` as MessageKey)}) : {e.unknown_labels.join(' ; ')}
            </p>
          ))}
        <h2 id="history-title">{t('ssmsi.history')}</h2>
        <Editions rows={history} t={t} when={when} years={years} labelledBy="history-title" />
        {confidential ? (
          <div>
            <h2 id="local-title">{t('ssmsi.localTitle')}</h2>
            <p>{t('ssmsi.localIntro')}</p>
            <form method="post" action={`${path}/chiffres-locaux`} enctype="multipart/form-data">
              <input type="hidden" name="_csrf" value={request.csrf()} />
              <div class="field">
                <label for="field-local">{t('ssmsi.localFile')}</label>
                <input id="field-local" name="local" type="file" accept=".csv,text/csv" required />
              </div>
              <button type="submit">{t('ssmsi.localSend')}</button>
            </form>
            <LocalFiguresTable figures={local} labelledBy="local-title" t={t} />
          </div>
        ) : null}
        <ConfidentialRoles
          allowed={allowed}
          eligible={eligibleRoles()}
          action={can(request.actor, 'platform.settings-manage') ? `${path}/roles-confidentiels` : undefined}
          csrf={request.csrf()}
          t={t}
          lang={lang}
        />
      </Layout>,
      { sensitive: true, status },
    );
  }

  const route = '/t/:slug/espace/observatoire/import';
  app.get<{ Params: { slug: string } }>(route, importing, (request, reply) => {
    requireObservatory(request.tenant);
    return page(request, reply);
  });

  app.post<{ Params: { slug: string }; Body: Body }>(
    route,
    {
      ...importing,
      config: { ...importing.config, multipartOptions: { limits: { fileSize: SSMSI_UPLOAD_LIMIT_BYTES, files: 1 } } },
    },
    async (request, reply) => {
      requireObservatory(request.tenant);
      const file = request.body?.ssmsi;
      try {
        if (!Buffer.isBuffer(file) || file.length === 0) throw noFile('ssmsi', 'Choose a file.', 'Choisissez un fichier.');
        const ctx = requestContext(deps, request);
        const name = `upload-${request.tenant!.slug}-${ctx.clock.now().toISOString().slice(0, 10)}`;
        const report = await importSsmsi(db, bufferSource(name, file), { now: ctx.clock.now() });
        await recordSsmsiImport(ctx, { editionId: report.editionId, rows: report.rowsImported });
        return reply.redirect(
          `/t/${request.params.slug}/espace/observatoire/import?importe=1&lignes=${report.rowsImported}&nd=${report.unpublished}`,
          303,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input') return page(request, reply, error.details, 400);
        throw error;
      }
    },
  );

  app.post<{ Params: { slug: string }; Body: Body }>(
    `${route}/chiffres-locaux`,
    {
      config: { permission: 'observatory.import', multipartOptions: { limits: { fileSize: 5 * 1024 * 1024, files: 1 } } },
      schema: { hide: true },
    },
    async (request, reply) => {
      requireObservatory(request.tenant);
      const file = request.body?.local;
      try {
        if (!Buffer.isBuffer(file) || file.length === 0) throw noFile('local', 'Choose a file.', 'Choisissez un fichier.');
        const { imported } = await importLocalFigures(requestContext(deps, request), { csv: file.toString('utf8') });
        return reply.redirect(`/t/${request.params.slug}/espace/observatoire/import?locaux=${imported}`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input') return page(request, reply, error.details, 400);
        throw error;
      }
    },
  );

  app.post<{ Params: { slug: string }; Body: Record<string, string | string[] | undefined> }>(
    `${route}/roles-confidentiels`,
    { config: { permission: 'platform.settings-manage' }, schema: { hide: true } },
    async (request, reply) => {
      requireObservatory(request.tenant);
      try {
        await setConfidentialRoles(requestContext(deps, request), { roles: [request.body?.roles ?? []].flat() });
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input') return page(request, reply, error.details, 400);
        throw error;
      }
      return reply.redirect(`/t/${request.params.slug}/espace/observatoire/import?roles=1`, 303);
    },
  );
}

function Editions(props: {
  rows: EditionRow[];
  t: (key: MessageKey) => string;
  when: (d: Date | null) => string;
  years: (e: EditionRow) => string;
  labelledBy: string;
}) {
  const { rows, t, when, years } = props;
  return (
    // A wide table scrolls inside its own box on a phone, not the page.
    <section class="table-scroll" tabindex={0} aria-labelledby={props.labelledBy}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ssmsi.startedAt')}</th>
            <th scope="col">{t('ssmsi.kind')}</th>
            <th scope="col">{t('ssmsi.format')}</th>
            <th scope="col">{t('ssmsi.source')}</th>
            <th scope="col">{t('ssmsi.statusLabel')}</th>
            <th scope="col">{t('ssmsi.years')}</th>
            <th scope="col">{t('ssmsi.rows')}</th>
            <th scope="col">{t('ssmsi.unpublished')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr>
              <td>{when(e.started_at)}</td>
              <td>
                {t(`ssmsi.kind.${e.file_kind}` as MessageKey)}
                {e.geography_year ? ` (CODGEO_${e.geography_year})` : ''}
              </td>
              <td>{t(`ssmsi.format.${e.format}` as MessageKey)}</td>
              <td>{e.source}</td>
              <td>{t(`ssmsi.status.${e.status}` as MessageKey)}</td>
              <td>{years(e)}</td>
              <td>{e.rows_imported}</td>
              <td>{e.unpublished}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
