import { writeFile } from 'node:fs/promises';
import { type Command, UsageError } from '../../../cli/command.js';
import { tenantOf, withDeps } from '../../../cli/with-deps.js';
import { AppError } from '../../../platform/errors.js';
import { translator } from '../../../platform/i18n/i18n.js';
import { localToday } from '../dashboard/calendar-year.js';
import { observatoryTenant } from '../dashboard/observatory-tenant.js';
import { buildClspdReport } from './report-content.js';
import { clspdReportPdf } from './report-pdf.js';

/** `quietude report-clspd <slug> <year> --out FILE.pdf`: the CLSPD annual report as PDF, in French. */
export const reportClspdCommand: Command = {
  name: 'report-clspd',
  summary: 'Write the CLSPD annual report (strategy, recorded crime against 2019, targets, programmes) as a PDF',
  usage: 'quietude report-clspd <slug> <year> --out FILE.pdf',
  positionals: [2, 2],
  options: { out: { type: 'string' } },
  async run({ positionals: [slug, yearText], values }) {
    if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out FILE.pdf is required');
    const out = values.out;
    if (!/^20\d{2}$/.test(yearText ?? ''))
      throw new AppError('invalid_input', `year: must be a year such as 2025 (got ${yearText})`, [
        { field: 'year', message: 'must be a year such as 2025' },
      ]);
    const year = Number(yearText);
    return withDeps(async (deps) => {
      const tenant = await observatoryTenant(deps.database.db, slug as string, await tenantOf(deps, slug as string));
      const now = deps.clock.now();
      const t = translator('fr');
      const report = await buildClspdReport(deps.database.db, tenant, year, now, t, 'fr');
      const pdf = await clspdReportPdf(report, t, 'fr', localToday(now, tenant.time_zone).date);
      await writeFile(out, pdf).catch(() => {
        throw new AppError('invalid_input', `Cannot write ${out}`);
      });
      return {
        text: `CLSPD report ${year} for ${tenant.slug} written to ${out} (${pdf.length} bytes)`,
        json: { file: out, bytes: pdf.length },
      };
    });
  },
};
