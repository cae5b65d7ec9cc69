import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  estimatePilotImpact,
  type PilotHousehold,
  type PilotObservation,
} from '../../evaluation/pilot-impact.js';
import { pdfPages } from '../../testing/pdf-text.js';
import {
  funnelTable,
  renderPilotReportPdf,
  renderPilotReportXlsx,
  type PilotReportInput,
} from './evaluation-report.js';
import type { PilotMonitoring } from './pilot-monitoring-repository.js';

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

  // Two waves: 40 + 20 identified; 30 + 10 contacted; 24 + 6 consented; 20 + 5 registered; 18 + 3 paid pokok;
  // 15 + 0 active; exits now: 5 + 4 declined, 2 + 6 unreachable, 1 + 0 ineligible, 1 + 0 withdrawn.
  const monitoring: PilotMonitoring = {
    funnel: [
      {
        wave_no: 1,
        reached: { identified: 40, contacted: 30, consented: 24, registered: 20, paid_pokok: 18, active: 15 },
        exits: { declined: 5, unreachable: 2, ineligible: 1, withdrawn: 1 },
      },
      {
        wave_no: 2,
        reached: { identified: 20, contacted: 10, consented: 6, registered: 5, paid_pokok: 3, active: 0 },
        exits: { declined: 4, unreachable: 6, ineligible: 0, withdrawn: 0 },
      },
    ],
    trends: [
      {
        indicator: 'kpm_conversion',
        name: {
          id: 'Konversi KPM menjadi anggota koperasi',
          en: 'Conversion of KPM into cooperative members',
        },
        unit: 'percent',
        points: [
          { period: '2026-03', treated: 10, control: 8 },
          { period: '2026-04', treated: 22.5, control: 9 },
          { period: '2026-05', treated: 31.25, control: null },
        ],
      },
    ],
  };

  it('funnel: each step per wave and in total, with its share of the 60 households identified', () => {
    const table = funnelTable(monitoring.funnel);
    const at = (step: string) => table.find((r) => r.step === step)!;
    expect(at('identified')).toEqual({ step: 'identified', counts: [40, 20], total: 60, share: 1 });
    expect(at('contacted')).toEqual({ step: 'contacted', counts: [30, 10], total: 40, share: 40 / 60 });
    expect(at('active')).toEqual({ step: 'active', counts: [15, 0], total: 15, share: 0.25 });
    expect(at('unreachable')).toEqual({ step: 'unreachable', counts: [2, 6], total: 8, share: 8 / 60 });
    expect(funnelTable([]).every((r) => r.total === 0 && r.share === null)).toBe(true);
  });

  it('with monitoring: the funnel and the indicators by arm over time in the PDF and as XLSX sheets', async () => {
    const withMonitoring = { ...input, monitoring };
    const text = (
      await pdfPages(await renderPilotReportPdf(withMonitoring, { lang: 'id', generatedAt }))
    ).join(' ');
    expect(text).toContain('Corong pendaftaran (Enrolment funnel)');
    expect(text).toMatch(/Anggota aktif\s+15\s+0\s+15\s+25\.0%/);
    expect(text).toMatch(/Dihubungi\s+30\s+10\s+40\s+66\.7%/);
    expect(text).toContain('Indikator menurut waktu dan kelompok (Indicators over time by arm)');
    expect(text).toContain('Konversi KPM menjadi anggota koperasi (%)');
    // The last month's values beside the chart (the control arm has none that month).
    expect(text).toMatch(/Perlakuan 31\.3\s+Kontrol -/);
    const buffer = await renderPilotReportXlsx(withMonitoring, { lang: 'en', generatedAt });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer,
    );
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Estimates',
      'Means',
      'Funnel',
      'Trends',
      'Notes',
    ]);
    const funnel = workbook.getWorksheet('Funnel')!;
    expect((funnel.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Step (Tahap)',
      'code',
      'Wave 1',
      'Wave 2',
      'Total (Jumlah)',
      'share',
    ]);
    expect((funnel.getRow(7).values as unknown[]).slice(1)).toEqual([
      'Active member',
      'active',
      15,
      0,
      15,
      0.25,
    ]);
    const trends = workbook.getWorksheet('Trends')!;
    expect((trends.getRow(3).values as unknown[]).slice(2)).toEqual([
      'kpm_conversion',
      'percent',
      '2026-04',
      22.5,
      9,
    ]);
    expect((trends.getRow(4).values as unknown[]).slice(2, 6)).toEqual([
      'kpm_conversion',
      'percent',
      '2026-05',
      31.25,
    ]);
  });
});
