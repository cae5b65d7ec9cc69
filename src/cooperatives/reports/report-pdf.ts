/**
 * The RAT report as a PDF (A4 portrait): a cover line with the cooperative, book year and print date, then each
 * report table with its notes, starting a new page when a row would not fit (the header row is repeated).
 * pdfkit's built-in Helvetica (WinAnsi covers Indonesian text); amounts right-aligned in whole rupiah.
 */
import PDFDocument from 'pdfkit';
import { formatRupiah, type ReportLang, type ReportTable } from './report-tables.js';

const MARGIN = 40;
const FONT = 8;

export interface ReportPdfMeta {
  cooperativeName: string;
  registrationNo: string;
  villageCode: string;
  year: number;
  generatedAt: Date;
  lang: ReportLang;
}

export async function renderReportPdf(tables: readonly ReportTable[], meta: ReportPdfMeta): Promise<Buffer> {
  const id = meta.lang === 'id';
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: id ? `Laporan RAT ${meta.year}` : `RAT report ${meta.year}`,
      Author: 'entas',
      CreationDate: meta.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;

  doc.font('Helvetica-Bold').fontSize(14);
  doc.text(
    id
      ? `Laporan pertanggungjawaban pengurus — RAT tahun buku ${meta.year}`
      : `Board's report — RAT, book year ${meta.year}`,
  );
  doc.font('Helvetica').fontSize(FONT + 2);
  doc.text(
    `${meta.cooperativeName} (${meta.registrationNo}), ${id ? 'desa/kelurahan' : 'village'} ${meta.villageCode}`,
  );
  doc.text(`${id ? 'Dicetak' : 'Printed'}: ${meta.generatedAt.toISOString().slice(0, 10)}`);
  doc.moveDown();

  for (const table of tables) {
    const columns = table.headers.length;
    const colWidth = width / columns;
    const header = () => {
      doc.font('Helvetica-Bold').fontSize(FONT);
      const y = doc.y;
      table.headers.forEach((h, c) => doc.text(h, MARGIN + c * colWidth + 2, y, { width: colWidth - 4 }));
      const lineY = Math.max(doc.y, y + 10) + 2;
      doc
        .moveTo(MARGIN, lineY)
        .lineTo(MARGIN + width, lineY)
        .stroke();
      doc.y = lineY + 3;
      doc.font('Helvetica');
    };
    if (doc.y + 60 > bottom()) doc.addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(FONT + 3)
      .text(table.title, MARGIN, doc.y);
    doc.moveDown(0.3);
    header();
    if (table.rows.length === 0) doc.fontSize(FONT).text(id ? 'Tidak ada data.' : 'No data.', MARGIN);
    for (const row of table.rows) {
      const shown = row.map((v, c) =>
        table.amounts.includes(c) && typeof v === 'number'
          ? formatRupiah(BigInt(v), meta.lang)
          : v === null || v === undefined
            ? ''
            : String(v),
      );
      doc.fontSize(FONT);
      const height = Math.max(...shown.map((t) => doc.heightOfString(t, { width: colWidth - 4 }))) + 4;
      if (doc.y + height > bottom()) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      shown.forEach((t, c) =>
        doc.text(t, MARGIN + c * colWidth + 2, y, {
          width: colWidth - 4,
          align: table.amounts.includes(c) ? 'right' : 'left',
        }),
      );
      doc.y = y + height;
    }
    doc.moveDown(0.3);
    doc.fontSize(FONT + 1);
    for (const note of table.notes) doc.text(note, MARGIN, doc.y, { width });
    doc.moveDown();
  }
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
