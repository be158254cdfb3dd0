import type { FastifyInstance, FastifyRequest } from 'fastify';
import PDFDocument from 'pdfkit';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { field } from '../../../platform/pages/form-field.js';
import { FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { approveElimination, eliminationItems, listEliminations } from './elimination.js';
import { entriesCsv } from './entries-csv.js';
import { type RawFilter, readFilter } from './entry-queries.js';
import { logRoute, requireProgramme } from './form-pages.js';
import { formatLocal } from './local-time.js';
import { natureLabel } from './natures.js';
import { mcBase } from './page-data.js';

const validateRoute = { config: { permission: 'police.validate' }, schema: { hide: true } } as const;
type Req = FastifyRequest<{ Params: { slug: string; id: string }; Querystring: RawFilter & { fait?: string } }>;
const day = (at: Date, zone: string) => at.toLocaleDateString('fr-CA', { timeZone: zone });

async function listOf(deps: AppDeps, tenant: Tenant, id: string) {
  return withTenant(deps.database.db, tenant.id, async (tx) => {
    const list = (await listEliminations(tx)).find((l) => l.id === id);
    if (!list) throw new AppError('not_found', 'Elimination list not found');
    return { list, items: await eliminationItems(tx, id) };
  });
}

/** The bordereau as a PDF: the tenant, the legal ground, the entries (number, date, kind, nature), room for the visa. */
async function bordereauPdf(
  tenant: Tenant,
  list: { created_at: Date; cutoff: Date },
  items: Awaited<ReturnType<typeof eliminationItems>>,
) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: 'Bordereau d’élimination — main courante' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text('Bordereau d’élimination — main courante de la police municipale');
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`${tenant.name} — établi le ${day(list.created_at, tenant.time_zone)}`);
  doc.text(
    `Entrées antérieures au ${day(list.cutoff, tenant.time_zone)} (durée d’utilité administrative de 3 ans, arrêté du 14 avril 2009).`,
  );
  doc.text(`${items.length} entrées. Destruction soumise au visa des Archives départementales.`).moveDown(0.5);
  for (const item of items)
    doc.text(
      `${item.entry_number}   ${day(item.called_at, tenant.time_zone)}   ${item.kind === 'judicial' ? 'PJ' : 'PA'}   ${natureLabel(item.nature, 'fr')}`,
    );
  doc.moveDown(1).text('Visa des Archives départementales (référence, date, signature) :');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The CSV export of the list's entries, and the elimination lists with their approval. */
export function registerEliminationPages(app: FastifyInstance, deps: AppDeps) {
  const base = mcBase(':slug');

  app.get(`${base}.csv`, logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const tenant = request.tenant!;
    const filter = readFilter(request.query, tenant.time_zone);
    const csv = await withTenant(deps.database.db, tenant.id, (tx) => entriesCsv(tx, filter));
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="main-courante.csv"')
      .header('Cache-Control', 'no-store')
      .send(csv);
  });

  const sendList = async (
    request: Req,
    reply: Parameters<typeof sendPage>[0],
    problems: { field: string; message: string; fr?: string }[] = [],
    status = 200,
  ) => {
    requireProgramme(request);
    const tenant = request.tenant!;
    const page = pageContext(request, `${mcBase(tenant.slug)}/eliminations`);
    const { t, lang } = page;
    const lists = await withTenant(deps.database.db, tenant.id, listEliminations);
    const here = `${mcBase(tenant.slug)}/eliminations`;
    return sendPage(
      reply,
      <Layout page={page} title={t('mc.eliminations')} homeHref={`/t/${tenant.slug}/espace/`} sensitive>
        <p>
          <a href={mcBase(tenant.slug)}>{t('mc.title')}</a>
        </p>
        <h1>{t('mc.eliminations')}</h1>
        {request.query.fait ? (
          <p class="notice" role="status">
            {t('mc.destroyedNotice')}
          </p>
        ) : null}
        <p>{t('mc.eliminationsIntro')}</p>
        <FormErrors t={t} lang={lang} problems={problems} idPrefix="elimination" />
        {lists.length === 0 ? <p>{t('mc.eliminationNone')}</p> : null}
        {lists.map((l) => (
          <section aria-labelledby={`list-${l.id}`}>
            <h2 id={`list-${l.id}`}>
              {t('mc.eliminationList', {
                at: formatLocal(l.created_at, lang, tenant.time_zone),
                n: l.entry_count,
                cutoff: day(l.cutoff, tenant.time_zone),
              })}
            </h2>
            <p>
              <a href={`${here}/${l.id}.csv`}>{t('mc.download')}</a> · <a href={`${here}/${l.id}.pdf`}>{t('mc.downloadPdf')}</a>
            </p>
            {l.status === 'pending' ? (
              <>
                <p>{t('mc.eliminationPending')}</p>
                <PostForm action={`${here}/${l.id}/visa`} csrf={request.csrf()} label={t('mc.approve')}>
                  <div class="field">
                    <label for={`elimination-reference-${l.id}`}>{t('mc.approvalRef')}</label>
                    {fieldProblem(problems, 'reference', lang) ? (
                      <p class="error">{fieldProblem(problems, 'reference', lang)}</p>
                    ) : null}
                    <input id={`elimination-reference-${l.id}`} name="reference" type="text" required />
                  </div>
                  <button type="submit">{t('mc.approve')}</button>
                </PostForm>
              </>
            ) : (
              <p>
                {t('mc.eliminationDestroyed', {
                  at: formatLocal(l.destroyed_at, lang, tenant.time_zone),
                  ref: l.approval_reference ?? '',
                })}
              </p>
            )}
          </section>
        ))}
      </Layout>,
      { sensitive: true, status },
    );
  };

  app.get(`${base}/eliminations`, validateRoute, (request: Req, reply) => sendList(request, reply));

  app.get(`${base}/eliminations/:id.csv`, validateRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const tenant = request.tenant!;
    const { items } = await listOf(deps, tenant, request.params.id);
    const lines = [
      'numero,date_appel,cadre,nature',
      ...items.map((i) => [i.entry_number, day(i.called_at, tenant.time_zone), i.kind, i.nature].join(',')),
    ];
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="bordereau-elimination.csv"')
      .send(`${lines.join('\r\n')}\r\n`);
  });

  app.get(`${base}/eliminations/:id.pdf`, validateRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const tenant = request.tenant!;
    const { list, items } = await listOf(deps, tenant, request.params.id);
    return reply
      .type('application/pdf')
      .header('Content-Disposition', 'attachment; filename="bordereau-elimination.pdf"')
      .send(await bordereauPdf(tenant, list, items));
  });

  app.post(`${base}/eliminations/:id/visa`, validateRoute, async (request: Req, reply) => {
    requireProgramme(request);
    try {
      await approveElimination(requestContext(deps, request), {
        id: request.params.id,
        reference: field(request.body, 'reference'),
      });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'invalid_input' || error.code === 'conflict'))
        return sendList(request, reply, error.details, error.status);
      throw error;
    }
    return reply.redirect(`${mcBase(request.tenant!.slug)}/eliminations?fait=1`, 303);
  });
}
