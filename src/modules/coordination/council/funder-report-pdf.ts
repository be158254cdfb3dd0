import PDFDocument from 'pdfkit';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { type FunderReport, reportRows } from './funder-report.js';

const euros = (cents: number | null) =>
  cents === null ? '—' : `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/** The funder's report as a PDF: the file, its amounts and the action's indicators for the funding year. */
export function funderReportPdf(report: FunderReport, tenantName: string, lang: Lang): Promise<Buffer> {
  const fr = lang === 'fr';
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: fr ? 'Rapport au financeur' : 'Report to the funder' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const { file } = report;
  doc.fontSize(16).text(fr ? 'Rapport au financeur' : 'Report to the funder');
  doc.moveDown(0.5).fontSize(11);
  doc.text(`${tenantName} — ${file.funder_name} — ${file.year}`);
  doc.text(`${fr ? 'Action' : 'Action'} : ${file.sheet_title} (${fr ? 'pilote' : 'lead'} : ${file.lead})`);
  doc.text(
    `${fr ? 'Demandé' : 'Asked'} : ${euros(file.asked_cents)} · ${fr ? 'Accordé' : 'Granted'} : ${euros(file.granted_cents)} · ${fr ? 'Dépensé' : 'Spent'} : ${euros(file.spent_cents)}`,
  );
  doc.moveDown();
  const [header, ...rows] = reportRows(report, lang);
  doc.fontSize(12).text(fr ? 'Indicateurs' : 'Indicators');
  doc.fontSize(10);
  for (const row of rows) {
    doc.moveDown(0.5);
    doc.text(row[0] ?? '', { continued: false });
    doc.text(
      (header ?? [])
        .slice(1)
        .map((h, i) => `${h} : ${row[i + 1] ?? ''}`)
        .join(' · '),
    );
  }
  doc.moveDown();
  doc
    .fontSize(9)
    .text(
      fr
        ? `Les effectifs de moins de ${report.k} ne sont pas affichés (secret statistique).`
        : `Counts under ${report.k} are not shown (statistical confidentiality).`,
    );
  doc.end();
  return done;
}
