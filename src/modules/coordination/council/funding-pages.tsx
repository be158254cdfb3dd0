import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { longDate } from '../../../platform/i18n/dates.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { addFunderReport } from './add-funder-report.js';
import { isUuid } from './council-input.js';
import { localToday } from './council-time.js';
import { funderReport, reportRows } from './funder-report.js';
import { funderReportPdf } from './funder-report-pdf.js';
import { listFunderReports, listFundingFiles, loadFundingFile } from './funding-queries.js';
import {
  CouncilNav,
  coordinationBase,
  euros,
  eurosInput,
  type FormState,
  formOf,
  type Id,
  manageRoute,
  Notice,
  requireProgramme,
  Section,
  Select,
  submitForm,
} from './page-common.js';
import { type FundingFileInput, saveFundingFile } from './save-funding-file.js';
import { sheetChoices } from './strategy-queries.js';
import { submitFunderReport } from './submit-funder-report.js';
import { fileStates, funders } from './tables.js';

const fileFields = ['funder', 'funderName', 'actionSheetId', 'year', 'asked', 'granted', 'spent', 'state'] as const;
const fileInput = (body: unknown): FundingFileInput =>
  Object.fromEntries(fileFields.map((name) => [name, field(body, name)])) as FundingFileInput;

/** Funding files (FIPD and other funders), their amounts and due reports, and the report to the funder. */
export function registerFundingPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function listPage(request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const page = pageContext(request, `${base}/financements`);
    const { t, lang } = page;
    const data = await withTenant(db, tenant.id, async (tx) => ({
      files: await listFundingFiles(tx),
      reports: await listFunderReports(tx),
      sheets: await sheetChoices(tx),
    }));
    const today = localToday(deps.clock.now(), tenant.time_zone);
    const form = formOf(state, 'file', lang);
    return sendPage(
      reply,
      <Layout page={page} title={t('council.funding')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('council.funding')}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        {data.files.length === 0 ? (
          <p>{t('council.none')}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-label={t('council.funding')}>
            <table id="dossiers">
              <thead>
                <tr>
                  <th scope="col">{t('council.funder')}</th>
                  <th scope="col">{t('council.sheetOfFile')}</th>
                  <th scope="col">{t('council.year')}</th>
                  <th scope="col" class="num">
                    {t('council.asked')}
                  </th>
                  <th scope="col" class="num">
                    {t('council.granted')}
                  </th>
                  <th scope="col" class="num">
                    {t('council.spent')}
                  </th>
                  <th scope="col">{t('council.fileState')}</th>
                  <th scope="col">{t('council.reportsDue')}</th>
                </tr>
              </thead>
              <tbody>
                {data.files.map((f) => (
                  <tr>
                    <th scope="row">
                      <a href={localHref(`${base}/financements/${f.id}`, lang)}>{f.funder_name}</a>
                    </th>
                    <td>{f.sheet_title}</td>
                    <td>{f.year}</td>
                    <td class="num">{euros(f.asked_cents, lang)}</td>
                    <td class="num">{euros(f.granted_cents, lang)}</td>
                    <td class="num">{euros(f.spent_cents, lang)}</td>
                    <td>{t(`council.fileState.${f.state}`)}</td>
                    <td>
                      {data.reports
                        .filter((r) => r.file_id === f.id)
                        .map((r) =>
                          r.submitted_on
                            ? `${r.label} : ${t('council.submittedOn')} ${longDate(r.submitted_on, lang)}`
                            : `${r.label} : ${longDate(r.due_on, lang)}${r.due_on < today ? ` (${t('council.overdue')})` : ''}`,
                        )
                        .join(' · ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {data.sheets.length ? (
          <Section id="add-file" title={t('council.addFile')}>
            <FormErrors t={t} lang={lang} problems={form.problems} idPrefix="file" />
            <PostForm action={`${base}/financements`} csrf={request.csrf()} label={t('council.addFile')}>
              <FileFields t={t} form={form} sheets={data.sheets} year={today.slice(0, 4)} />
              <button type="submit">{t('council.addFile')}</button>
            </PostForm>
          </Section>
        ) : null}
      </Layout>,
      { status: state.status },
    );
  }

  async function filePage(request: FastifyRequest<Id>, reply: FastifyReply, state: FormState = {}) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const here = `${base}/financements/${request.params.id}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const data = await withTenant(db, tenant.id, async (tx) => {
      const file = isUuid(request.params.id) ? await loadFundingFile(tx, request.params.id) : undefined;
      if (!file) return undefined;
      return { file, reports: await listFunderReports(tx, file.id), sheets: await sheetChoices(tx) };
    });
    if (!data) throw notFound('Funding file');
    const { file } = data;
    const today = localToday(deps.clock.now(), tenant.time_zone);
    const fileForm = formOf(state, 'file', lang);
    const reportForm = formOf(state, 'report', lang);
    const submitted = formOf(state, 'submitted', lang);
    const title = t('council.file', { funder: file.funder_name, year: file.year });
    const current = {
      ...fileForm,
      v: (name: string) =>
        fileForm.v(name) ??
        {
          funder: file.funder,
          funderName: file.funder_name,
          actionSheetId: file.action_sheet_id,
          year: String(file.year),
          asked: eurosInput(file.asked_cents),
          granted: eurosInput(file.granted_cents),
          spent: eurosInput(file.spent_cents),
          state: file.state,
        }[name],
    };
    return sendPage(
      reply,
      <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{title}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        <p>
          {`${t('council.sheetOfFile')} : `}
          <a href={localHref(`${base}/strategie/fiches/${file.action_sheet_id}`, lang)}>{file.sheet_title}</a>
          {` · ${t('council.fileState')} : ${t(`council.fileState.${file.state}`)}`}
        </p>
        <p id="amounts">
          {`${t('council.asked')} ${euros(file.asked_cents, lang)} · ${t('council.granted')} ${euros(file.granted_cents, lang)} · ${t('council.spent')} ${euros(file.spent_cents, lang)}`}
        </p>
        <Section id="funder-report" title={t('council.funderReport')}>
          <ul class="inline-list">
            <li>
              <a href={localHref(`${here}/rapport`, lang)}>{t('council.funderReportPrint')}</a>
            </li>
            <li>
              <a href={`${here}/rapport.csv`}>{t('council.funderReportCsv')}</a>
            </li>
            <li>
              <a href={`${here}/rapport.pdf${lang === 'en' ? '?lang=en' : ''}`}>{t('council.funderReportPdf')}</a>
            </li>
          </ul>
        </Section>
        <Section id="reports" title={t('council.reportsDue')}>
          <FormErrors t={t} lang={lang} problems={submitted.problems} idPrefix="submitted" />
          {data.reports.length === 0 ? (
            <p>{t('council.none')}</p>
          ) : (
            <ul id="comptes-rendus">
              {data.reports.map((r) => (
                <li>
                  {`${r.label} — ${t('council.dueOn')} : ${longDate(r.due_on, lang)} — `}
                  {r.submitted_on ? (
                    `${t('council.submittedOn')} ${longDate(r.submitted_on, lang)}`
                  ) : (
                    <PostForm
                      action={`${here}/rapports/${r.id}/remis`}
                      csrf={request.csrf()}
                      label={`${t('council.markSubmitted')} : ${r.label}`}
                    >
                      <Field
                        t={t}
                        idPrefix={`submitted-${r.id}`}
                        name="submittedOn"
                        type="date"
                        label={`${t('council.submittedOn')} (${r.label})`}
                        value={today}
                        problem={submitted.p('submittedOn')}
                        required
                      />
                      <button type="submit">{t('council.markSubmitted')}</button>
                    </PostForm>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('council.addReport')}</h3>
          <FormErrors t={t} lang={lang} problems={reportForm.problems} idPrefix="report" />
          <PostForm action={`${here}/rapports`} csrf={request.csrf()} label={t('council.addReport')}>
            <Field
              t={t}
              idPrefix="report"
              name="label"
              label={t('council.reportLabel')}
              value={reportForm.v('label')}
              problem={reportForm.p('label')}
              required
            />
            <Field
              t={t}
              idPrefix="report"
              name="dueOn"
              type="date"
              label={t('council.dueOn')}
              value={reportForm.v('dueOn')}
              problem={reportForm.p('dueOn')}
              required
            />
            <button type="submit">{t('council.addReport')}</button>
          </PostForm>
        </Section>
        <Section id="update-file" title={t('council.updateFile')}>
          <FormErrors t={t} lang={lang} problems={fileForm.problems} idPrefix="file" />
          <PostForm action={here} csrf={request.csrf()} label={t('council.updateFile')}>
            <FileFields t={t} form={current} sheets={data.sheets} year={String(file.year)} />
            <button type="submit">{t('council.updateFile')}</button>
          </PostForm>
        </Section>
      </Layout>,
      { status: state.status },
    );
  }

  /** The printable report: the file, its amounts and the action's indicators for the funding year. */
  async function reportPage(request: FastifyRequest<Id>, reply: FastifyReply) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const page = pageContext(request);
    const { t, lang } = page;
    const report = await loadReport(request);
    const { file } = report;
    const [header, ...rows] = reportRows(report, lang);
    const title = `${t('council.funderReport')} — ${file.funder_name} ${file.year}`;
    return sendPage(
      reply,
      <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{title}</h1>
        <p>{t('council.funderReportIntro', { sheet: file.sheet_title, year: file.year, k: report.k })}</p>
        <p>{`${t('council.lead')} : ${file.lead}`}</p>
        <p style="white-space: pre-line">{file.objective}</p>
        <h2>{t('council.amounts')}</h2>
        <p>
          {`${t('council.asked')} ${euros(file.asked_cents, lang)} · ${t('council.granted')} ${euros(file.granted_cents, lang)} · ${t('council.spent')} ${euros(file.spent_cents, lang)}`}
        </p>
        <h2>{t('council.indicators')}</h2>
        {rows.length === 0 ? (
          <p>{t('council.noIndicator')}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-label={t('council.indicators')}>
            <table id="rapport">
              <thead>
                <tr>
                  {(header ?? []).map((h) => (
                    <th scope="col">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr>
                    <th scope="row">{row[0]}</th>
                    {row.slice(1).map((cell) => (
                      <td>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </Layout>,
    );
  }

  async function loadReport(request: FastifyRequest<Id>) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const report = isUuid(request.params.id)
      ? await withTenant(db, tenant.id, (tx) => funderReport(tx, tenant, deps.clock.now(), request.params.id))
      : undefined;
    if (!report) throw notFound('Funding file');
    return report;
  }

  const base = `${coordinationBase(':slug')}/financements`;
  const back = (request: FastifyRequest<{ Params: { slug: string } }>) => `${coordinationBase(request.params.slug)}/financements`;
  app.get(base, manageRoute, (request, reply) => listPage(request, reply));
  app.post<{ Params: { slug: string } }>(base, manageRoute, (request, reply) => {
    let created = '';
    return submitForm(
      request,
      reply,
      'file',
      async () => {
        created = (await saveFundingFile(requestContext(deps, request), fileInput(request.body))).id;
      },
      (state) => listPage(request, reply, state),
      () => `${back(request)}/${created}`,
    );
  });
  app.get<Id>(`${base}/:id`, manageRoute, (request, reply) => filePage(request, reply));
  app.post<Id>(`${base}/:id`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'file',
      () => saveFundingFile(requestContext(deps, request), { ...fileInput(request.body), id: request.params.id }),
      (state) => filePage(request, reply, state),
      `${back(request)}/${request.params.id}`,
    ),
  );
  app.post<Id>(`${base}/:id/rapports`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'report',
      () =>
        addFunderReport(requestContext(deps, request), {
          fileId: request.params.id,
          label: field(request.body, 'label'),
          dueOn: field(request.body, 'dueOn'),
        }),
      (state) => filePage(request, reply, state),
      `${back(request)}/${request.params.id}`,
    ),
  );
  app.post<{ Params: { slug: string; id: string; report: string } }>(
    `${base}/:id/rapports/:report/remis`,
    manageRoute,
    (request, reply) =>
      submitForm(
        request,
        reply,
        'submitted',
        () =>
          submitFunderReport(requestContext(deps, request), {
            reportId: request.params.report,
            submittedOn: field(request.body, 'submittedOn'),
          }),
        (state) => filePage(request, reply, state),
        `${back(request)}/${request.params.id}`,
      ),
  );
  app.get<Id>(`${base}/:id/rapport`, manageRoute, reportPage);
  app.get<Id>(`${base}/:id/rapport.csv`, manageRoute, async (request, reply) => {
    const report = await loadReport(request);
    const lang = pageContext(request).lang;
    const csv = stringify(reportRows(report, lang), { delimiter: ';' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="rapport-financeur-${report.file.year}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(`\uFEFF${csv}`);
  });
  app.get<Id>(`${base}/:id/rapport.pdf`, manageRoute, async (request, reply) => {
    const report = await loadReport(request);
    const pdf = await funderReportPdf(report, request.tenant!.name, pageContext(request).lang);
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="rapport-financeur-${report.file.year}.pdf"`)
      .header('Cache-Control', 'no-store')
      .send(pdf);
  });
}

/** The fields of a funding file, blank for a new one or filled for an update. */
function FileFields({
  t,
  form,
  sheets,
  year,
}: {
  t: Parameters<typeof Field>[0]['t'];
  form: ReturnType<typeof formOf>;
  sheets: { id: string; number: number; title: string; axis_number: number }[];
  year: string;
}) {
  return (
    <>
      <Select
        idPrefix="file"
        name="funder"
        label={t('council.funder')}
        value={form.v('funder')}
        problem={form.p('funder')}
        options={funders.map((f) => ({ value: f, label: t(`council.funder.${f}`) }))}
      />
      <Field
        t={t}
        idPrefix="file"
        name="funderName"
        label={t('council.funderName')}
        hint={t('council.funderNameHint')}
        value={form.v('funderName')}
        problem={form.p('funderName')}
      />
      <Select
        idPrefix="file"
        name="actionSheetId"
        label={t('council.sheetOfFile')}
        value={form.v('actionSheetId')}
        problem={form.p('actionSheetId')}
        options={sheets.map((s) => ({ value: s.id, label: `${s.axis_number}.${s.number} ${s.title}` }))}
      />
      <Field
        t={t}
        idPrefix="file"
        name="year"
        type="number"
        label={t('council.year')}
        value={form.v('year') ?? year}
        problem={form.p('year')}
        required
      />
      <Field
        t={t}
        idPrefix="file"
        name="asked"
        label={t('council.asked')}
        value={form.v('asked')}
        problem={form.p('asked')}
        required
      />
      <Field
        t={t}
        idPrefix="file"
        name="granted"
        label={t('council.granted')}
        value={form.v('granted')}
        problem={form.p('granted')}
      />
      <Field t={t} idPrefix="file" name="spent" label={t('council.spent')} value={form.v('spent')} problem={form.p('spent')} />
      <Select
        idPrefix="file"
        name="state"
        label={t('council.fileState')}
        value={form.v('state')}
        problem={form.p('state')}
        options={fileStates.map((s) => ({ value: s, label: t(`council.fileState.${s}`) }))}
      />
    </>
  );
}
