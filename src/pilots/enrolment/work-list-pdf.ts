/**
 * A facilitator's printable work list (issue 15): one section per village, each starting on a new A4 landscape
 * page, in Bahasa Indonesia — who to visit (name, address, NIK), their treatment, funnel stage and next step,
 * the next visit, and a line for the household's signature; a signature block for the facilitator at the end of
 * each village. Address and NIK arrive masked unless the caller may see them (the access layer decides); this
 * module only lays out. pdfkit with its built-in Helvetica (WinAnsi covers Indonesian text), no font files.
 */
import PDFDocument from 'pdfkit';
import type { FunnelState } from './funnel.js';
import type { WorkListRow } from './work-list.js';

export const STATE_ID: Record<FunnelState, string> = {
  identified: 'teridentifikasi',
  contacted: 'sudah dihubungi',
  consented: 'sudah setuju',
  registered: 'terdaftar',
  paid_pokok: 'simpanan pokok lunas',
  active: 'aktif',
  declined: 'menolak',
  unreachable: 'tidak dapat ditemui',
  ineligible: 'tidak memenuhi syarat',
  withdrawn: 'menarik persetujuan',
};

export interface WorkListPdfMeta {
  /** Village code → name, for the section headings. */
  villageNames: ReadonlyMap<string, string>;
  facilitator: string | null;
  generatedAt: Date;
  /** True when NIK and address are shown in full (pii:read with a stated purpose). */
  revealed: boolean;
}

const COLUMNS: { title: string; width: number }[] = [
  { title: 'No', width: 24 },
  { title: 'Nama', width: 110 },
  { title: 'Alamat', width: 120 },
  { title: 'NIK', width: 92 },
  { title: 'Perlakuan', width: 86 },
  { title: 'Tahap', width: 78 },
  { title: 'Langkah berikutnya', width: 120 },
  { title: 'Kunjungan berikutnya', width: 64 },
  { title: 'Tanda tangan', width: 88 },
];

const MARGIN = 36;
const FONT_SIZE = 8;
const tanggal = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;

/** Renders the rows (any order; grouped by village, sorted by village code) to a PDF. */
export async function renderWorkListPdf(
  rows: readonly WorkListRow[],
  meta: WorkListPdfMeta,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: 'Daftar kerja pendamping', Author: 'entas', CreationDate: meta.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const byVillage = new Map<string, WorkListRow[]>();
  for (const r of rows) byVillage.set(r.village_code, [...(byVillage.get(r.village_code) ?? []), r]);
  const villages = [...byVillage.keys()].sort();
  if (villages.length === 0) villages.push('');
  const bottom = () => doc.page.height - MARGIN;

  const header = (village: string, continued: boolean) => {
    doc.font('Helvetica-Bold').fontSize(13);
    const name = meta.villageNames.get(village);
    doc.text(
      village === ''
        ? 'Daftar kerja pendamping'
        : `Daftar kerja pendamping — ${name ? `${name} ` : ''}(${village})${continued ? ' (lanjutan)' : ''}`,
      MARGIN,
      MARGIN,
    );
    doc.font('Helvetica').fontSize(FONT_SIZE + 1);
    doc.text(
      `Pendamping: ${meta.facilitator ?? '....................'}    Dicetak: ${tanggal(meta.generatedAt)}    ` +
        (meta.revealed ? 'NIK dan alamat lengkap (tujuan akses tercatat)' : 'NIK dan alamat disamarkan'),
    );
    doc.moveDown(0.5);
    let x = MARGIN;
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(FONT_SIZE);
    for (const c of COLUMNS) {
      doc.text(c.title, x + 2, y, { width: c.width - 4 });
      x += c.width;
    }
    doc.font('Helvetica');
    const lineY = Math.max(doc.y, y + 10) + 2;
    doc.moveTo(MARGIN, lineY).lineTo(x, lineY).stroke();
    doc.y = lineY + 3;
  };

  villages.forEach((village, index) => {
    if (index > 0) doc.addPage();
    header(village, false);
    const list = byVillage.get(village) ?? [];
    if (list.length === 0)
      doc.fontSize(FONT_SIZE + 1).text('Tidak ada rumah tangga untuk dikunjungi.', MARGIN);
    list.forEach((r, i) => {
      const cells = [
        String(i + 1),
        r.name,
        r.address ?? '-',
        r.nik ?? '-',
        r.treatment,
        STATE_ID[r.state],
        r.next_step.id,
        r.next_visit_on ?? '-',
        '',
      ];
      doc.fontSize(FONT_SIZE);
      const height =
        Math.max(...cells.map((text, c) => doc.heightOfString(text, { width: COLUMNS[c]!.width - 4 }))) + 14;
      if (doc.y + height > bottom()) {
        doc.addPage();
        header(village, true);
      }
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((text, c) => {
        doc.text(text, x + 2, y, { width: COLUMNS[c]!.width - 4 });
        x += COLUMNS[c]!.width;
      });
      const signX = x - COLUMNS[COLUMNS.length - 1]!.width;
      doc
        .moveTo(signX + 4, y + height - 6)
        .lineTo(x - 4, y + height - 6)
        .dash(1, { space: 2 })
        .stroke()
        .undash();
      doc.y = y + height;
    });
    if (doc.y + 70 > bottom()) {
      doc.addPage();
      header(village, true);
    }
    doc.moveDown(2).fontSize(FONT_SIZE + 1);
    const y = doc.y;
    doc.text('Pendamping,', MARGIN, y);
    doc.text('Mengetahui, Kepala Desa/Lurah', MARGIN + 380, y);
    doc.text('(............................................)', MARGIN, y + 45);
    doc.text('(............................................)', MARGIN + 380, y + 45);
  });
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
