import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  estimatePilotImpact,
  type PilotHousehold,
  type PilotObservation,
} from '../../evaluation/pilot-impact.js';
import { pdfPages } from '../../testing/pdf-text.js';
import { renderPilotReportPdf, renderPilotReportXlsx, type PilotReportInput } from './evaluation-report.js';

/** A pilot of 8 villages (2 strata) with a baseline and a follow-up; treated villages gain 0.3 in log welfare. */
function reportInput(): PilotReportInput {
  const households: PilotHousehold[] = [];
  const observations: PilotObservation[] = [];
  let id = 0;
  for (let c = 0; c < 8; c++) {
    const treated = c % 2 === 0;
    for (let k = 0; k < 5; k++) {
      const household = ++id;
      households.push({
        household,
        cluster: `v${c}`,
        stratum: c < 4 ? 'A' : 'B',
        treated,
        treatedFrom: treated ? '2026-03-01' : null,
      });
      const w0 = 13 + 0.1 * k + 0.05 * c + (k % 2 ? 0.2 : -0.1);
      observations.push({
        household,
        date: '2026-01-31',
        pmtScore: Math.exp(w0),
        decile: 1 + (k % 4),
        member: false,
      });
      if (household !== 7)
        observations.push({
          household,
          date: '2026-10-31',
          pmtScore: Math.exp(w0 + 0.05 + (treated ? 0.3 : 0) + 0.07 * (((k * 7 + c * 3) % 5) - 2)),
          decile: 1 + ((k + 1) % 4),
          member: treated && k < 3,
        });
    }
  }
  const data = {
    design: 'randomized' as const,
    households,
    observations,
    baseline: '2026-01-31',
    followup: '2026-10-31',
  };
  const pilot = { id: 7, name: 'Uji coba Kupang', region_code: '53.01', design: 'randomized' };
  const result = (outcome: 'welfare_z' | 'member') => ({
    pilot,
    snapshot_dates: [
      { date: '2026-01-31', households: 40 },
      { date: '2026-10-31', households: 39 },
    ],
    ...estimatePilotImpact(data, { outcome, bootstrapDraws: 199, riDraws: 99 }),
  });
  return {
    pilot,
    evaluations: [
      { outcome: 'welfare_z', result: result('welfare_z'), problem: null },
      { outcome: 'member', result: result('member'), problem: null },
      {
        outcome: 'decile_1_2',
        result: null,
        problem: {
          code: 'constant_outcome',
          message: 'outcome does not vary',
          message_id: 'hasil tidak bervariasi',
        },
      },
    ],
  };
}

describe('pilot evaluation report', () => {
  const input = reportInput();
  const welfare = input.evaluations[0]!.result!;
  const generatedAt = new Date('2026-11-15T00:00:00Z');

  it('PDF in Bahasa Indonesia with English: estimates, intervals, means, notes and the outcome not estimable', async () => {
    const pdf = await renderPilotReportPdf(input, { lang: 'id', generatedAt });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfPages(pdf)).join(' ');
    expect(text).toContain('Laporan evaluasi uji coba (Pilot evaluation report)');
    expect(text).toContain('#7 Uji coba Kupang');
    expect(text).toContain('Kesejahteraan (SD kelompok kontrol)');
    expect(text).toContain(welfare.effect.estimate.toFixed(4));
    expect(text).toContain(welfare.effect.se.toFixed(4));
    expect(text).toContain(`[${welfare.effect.ci_low.toFixed(4)}, ${welfare.effect.ci_high.toFixed(4)}]`);
    expect(text).toContain('p bootstrap klaster liar');
    expect(text).toContain('Belum dapat diestimasi');
    expect(text).toContain('hasil tidak bervariasi');
    // The few-clusters note, Indonesian first with the English beside it.
    expect(text).toMatch(/8 klaster \(< 40\).*\(8 clusters \(< 40\)/);
    expect(text).toContain('Efek dan interval kepercayaan 95%');
    const english = (await pdfPages(await renderPilotReportPdf(input, { lang: 'en', generatedAt }))).join(
      ' ',
    );
    expect(english).toContain('Pilot evaluation report (Laporan evaluasi uji coba)');
    expect(english).toContain('Not estimable yet');
    expect(english).toContain('outcome does not vary');
  });

  it('XLSX: the estimates as numbers, means by arm and the notes', async () => {
    const buffer = await renderPilotReportXlsx(input, { lang: 'id', generatedAt });
    const workbook = new ExcelJS.Workbook();
    // exceljs types load() as taking an ArrayBuffer; hand it one with exactly the file's bytes.
    await workbook.xlsx.load(
      buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer,
    );
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Estimasi', 'Rata-rata', 'Catatan']);
    const sheet = workbook.getWorksheet('Estimasi')!;
    const header = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['Hasil (Outcome)', 'code', 'Metode (Method)']);
    const rows = [5, 6, 7].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows.map((r) => r[1])).toEqual(['welfare_z', 'member', 'decile_1_2']);
    const at = (name: string) => header.indexOf(name);
    expect(rows[0]![at('Efek (Effect)')]).toBe(welfare.effect.estimate);
    expect(rows[0]![at('Galat baku (SE)')]).toBe(welfare.effect.se);
    expect(rows[0]![at('df')]).toBe(7);
    expect(rows[2]![at('Belum dapat diestimasi (Not estimable yet)')]).toBe('hasil tidak bervariasi');
    const means = workbook.getWorksheet('Rata-rata')!;
    expect((means.getRow(2).values as unknown[])[2]).toBe(welfare.means.treated_baseline);
    const notes = workbook.getWorksheet('Catatan')!;
    expect(notes.rowCount).toBeGreaterThan(2);
  });
});
