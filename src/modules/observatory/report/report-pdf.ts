import PDFDocument from 'pdfkit';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import type { ClspdReport, ReportTable } from './report-content.js';

const MARGIN = 48;
const WIDTH = 595.28 - 2 * MARGIN;
const BOTTOM = 841.89 - MARGIN;

/** The CLSPD report on A4: the tenant, the year, then each chapter's text and tables. Pure function of its input. */
export async function clspdReportPdf(report: ClspdReport, t: Translate, lang: Lang, printedOn: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: lang === 'fr' ? 'fr-FR' : 'en',
    displayTitle: true,
    info: { Title: `${report.title} — ${report.tenant}`, Author: report.tenant },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(report.tenant);
  doc.fontSize(14).text(report.title);
  doc.font('Helvetica').fontSize(10).text(report.intro).moveDown(0.3);
  doc
    .fontSize(8)
    .text(t('obs.report.printedOn', { date: printedOn }))
    .moveDown(0.8);
  report.chapters.forEach((chapter, n) => {
    if (doc.y + 60 > BOTTOM) doc.addPage();
    doc.x = MARGIN;
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .text(`${n + 1}. ${chapter.title}`)
      .moveDown(0.3);
    for (const paragraph of chapter.paragraphs)
      doc.font('Helvetica').fontSize(9).text(paragraph, MARGIN, doc.y, { width: WIDTH }).moveDown(0.3);
    for (const table of chapter.tables) drawTable(doc, table);
    doc.moveDown(0.6);
  });
  doc.font('Helvetica').fontSize(7).text(suppressionLegend(lang, report.k), MARGIN, doc.y, { width: WIDTH });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable) {
  if (doc.y + 40 > BOTTOM) doc.addPage();
  doc.x = MARGIN;
  doc.font('Helvetica-Bold').fontSize(9).text(table.caption, MARGIN, doc.y, { width: WIDTH }).moveDown(0.2);
  const first = 170;
  const columnW = table.head.length > 1 ? (WIDTH - first) / (table.head.length - 1) : WIDTH - first;
  const line = (cells: string[], bold: boolean) => {
    if (doc.y + 14 > BOTTOM) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    doc.text(cells[0] ?? '', MARGIN, y, { width: first - 6 });
    let bottom = doc.y;
    cells.slice(1).forEach((cell, i) => {
      doc.text(cell, MARGIN + first + i * columnW, y, { width: columnW - 4, align: 'right' });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 2;
    doc.x = MARGIN;
  };
  line(table.head, true);
  for (const row of table.rows) line(row, false);
  doc.moveDown(0.4);
}
