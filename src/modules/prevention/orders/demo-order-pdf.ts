import PDFDocument from 'pdfkit';

/** A short PDF standing for an order's published text (demo data and tests: never a real text). */
export async function demoOrderPdf(title: string, lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang: 'fr-FR', displayTitle: true, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(14).text(title).moveDown();
  doc.font('Helvetica').fontSize(11);
  for (const line of lines) doc.text(line).moveDown(0.5);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
