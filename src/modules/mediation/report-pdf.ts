import PDFDocument from 'pdfkit';
import type { Lang, Translate } from '../../platform/i18n/i18n.js';
import { suppressionLegend } from '../../platform/privacy/small-numbers.js';
import type { MediationReport } from './report-figures.js';
import { cellText, type ReportSection } from './report-tables.js';

export interface ReportPdfInput {
  tenant: string;
  report: MediationReport;
  sections: ReportSection[];
  t: Translate;
  lang: Lang;
  /** Local "YYYY-MM-DD": a report says when it was printed (late entries change the figures). */
  printedOn: string;
}

const MARGIN = 48;
const WIDTH = 595.28 - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN;

/**
 * The activity report on A4: the tenant, the period and the member on top, then each section as bars
 * (hidden figures hatched in grey) and its table in words. Pure function of its input.
 */
export async function reportPdf(input: ReportPdfInput): Promise<Buffer> {
  const { report, t, lang } = input;
  const title = report.member ? t('mediation.report.titleMember', { member: report.member.name }) : t('mediation.report.title');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: lang === 'fr' ? 'fr-FR' : 'en',
    displayTitle: true,
    info: { Title: title, Author: input.tenant },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const room = (height: number) => {
    if (doc.y + height > BOTTOM) doc.addPage();
  };
  doc.font('Helvetica-Bold').fontSize(16).text(input.tenant);
  doc.fontSize(13).text(title);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(t('mediation.report.period', { from: report.from, to: report.to }));
  doc
    .fontSize(8)
    .text(t('mediation.report.printedOn', { date: input.printedOn }))
    .moveDown(0.4);
  doc.text(report.protected ? t('mediation.report.protectedNote', { k: report.k }) : t('mediation.report.exactNote'));
  doc.moveDown(0.8);

  for (const section of input.sections) {
    const rows = section.rows;
    room(40 + rows.length * 13 * (section.chart === undefined ? 1 : 2));
    doc.x = MARGIN;
    doc.font('Helvetica-Bold').fontSize(11).text(section.title).moveDown(0.2);
    if (section.chart !== undefined) drawBars(doc, section);
    drawTable(doc, section, lang);
    if (section.note) doc.font('Helvetica').fontSize(7).text(section.note, MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.8);
  }
  if (report.protected)
    doc.font('Helvetica').fontSize(7).text(suppressionLegend(lang, report.k), MARGIN, doc.y, { width: WIDTH });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawBars(doc: PDFKit.PDFDocument, section: ReportSection) {
  const column = section.chart ?? 0;
  const rows = section.rows.filter((r) => r.key !== 'total');
  const values = rows.map((r) => {
    const cell = r.cells[column];
    return typeof cell === 'object' && cell.kind === 'shown' ? cell.value : 0;
  });
  const max = Math.max(1, ...values);
  const [labelW, barW, rowH] = [170, WIDTH - 220, 12];
  const top = doc.y;
  doc.font('Helvetica').fontSize(7);
  rows.forEach((r, i) => {
    const cell = r.cells[column];
    const hidden = typeof cell === 'object' && cell.kind === 'suppressed';
    const y = top + i * rowH;
    const w = hidden ? barW / 8 : ((values[i] ?? 0) / max) * barW;
    doc
      .fillColor('#1b1b1b')
      .text(r.label, MARGIN, y + 2, { width: labelW - 6, align: 'right', lineBreak: false, ellipsis: true });
    doc.rect(MARGIN + labelW, y + 1, Math.max(w, 0.5), rowH - 3).fill(hidden ? '#bdbdbd' : '#1d4f91');
    doc.fillColor('#1b1b1b').text(hidden ? '—' : String(values[i]), MARGIN + labelW + w + 4, y + 2, { lineBreak: false });
  });
  doc.fillColor('#1b1b1b');
  doc.x = MARGIN;
  doc.y = top + rows.length * rowH + 6;
}

function drawTable(doc: PDFKit.PDFDocument, section: ReportSection, lang: Lang) {
  const columnW = Math.min(90, (WIDTH - 200) / section.columns.length);
  const line = (label: string, cells: string[], bold: boolean) => {
    if (doc.y + 12 > BOTTOM) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    doc.text(label, MARGIN, y, { width: 196 });
    const after = doc.y;
    cells.forEach((cell, i) => {
      doc.text(cell, MARGIN + 200 + i * columnW, y, { width: columnW - 4, align: 'right' });
    });
    doc.y = Math.max(after, doc.y);
    doc.x = MARGIN;
  };
  line(
    section.keyTitle,
    section.columns.map((c) => c.title),
    true,
  );
  for (const row of section.rows)
    line(
      row.label,
      row.cells.map((c) => cellText(c, lang)),
      row.key === 'total',
    );
}
