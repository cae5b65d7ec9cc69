/**
 * A pilot's evaluation report (issue 17) as PDF and XLSX, in Bahasa Indonesia with English beside it (or English
 * first with `lang: 'en'`): the impact estimate of each outcome with its 95% interval (a table and an interval
 * chart drawn as vectors by pdfkit), means by arm at baseline and follow-up, attrition, and the data-quality
 * notes; outcomes that cannot be estimated yet say why. Pure layout: the numbers come from
 * pilot-evaluation-service.ts through the caller (CLI or the access layer). pdfkit's built-in Helvetica (WinAnsi
 * covers Indonesian), no font files.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { PilotOutcome } from '../../evaluation/pilot-impact.js';
import { neutralizeFormula } from '../../shared/spreadsheet-export.js';
import type { OutcomeEvaluation } from './pilot-evaluation-service.js';
import { FUNNEL_EXITS, FUNNEL_STEPS } from '../enrolment/funnel.js';
import type { FunnelWave, IndicatorTrend, PilotMonitoring } from './pilot-monitoring-repository.js';

export type ReportLanguage = 'id' | 'en';
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['id', 'en'];

export interface PilotReportInput {
  pilot: { id: number; name: string; region_code: string; design: string };
  evaluations: readonly OutcomeEvaluation[];
  /** The enrolment funnel and indicators by arm over the months (pilot-monitoring-repository.ts), when loaded. */
  monitoring?: PilotMonitoring | undefined;
}

type Text = { id: string; en: string };

const OUTCOME_LABEL: Record<PilotOutcome, Text> = {
  welfare: { id: 'Kesejahteraan (ln skor PMT)', en: 'Welfare (ln PMT score)' },
  welfare_z: { id: 'Kesejahteraan (SD kelompok kontrol)', en: 'Welfare (control-group SD)' },
  welfare_index: { id: 'Indeks kesejahteraan (Anderson)', en: 'Welfare index (Anderson)' },
  decile: { id: 'Desil', en: 'Decile' },
  decile_1_2: { id: 'Berada di desil 1-2 (proporsi)', en: 'In deciles 1-2 (share)' },
  member: { id: 'Anggota koperasi (proporsi)', en: 'Cooperative member (share)' },
};

const METHOD_LABEL: Record<string, Text> = {
  itt: {
    id: 'ITT, efek tetap strata, hasil baseline; CR1 per klaster',
    en: 'ITT, strata FE, baseline outcome; CR1 by cluster',
  },
  did: { id: 'selisih-dalam-selisih; CR1 per klaster', en: 'difference-in-differences; CR1 by cluster' },
  staggered: { id: "Callaway-Sant'Anna (rata-rata klaster)", en: "Callaway-Sant'Anna (cluster means)" },
};

const T = {
  title: { id: 'Laporan evaluasi uji coba', en: 'Pilot evaluation report' },
  pilot: { id: 'Uji coba', en: 'Pilot' },
  region: { id: 'Wilayah', en: 'Region' },
  design: { id: 'Rancangan', en: 'Design' },
  printed: { id: 'Dicetak', en: 'Generated' },
  estimates: { id: 'Perkiraan dampak', en: 'Impact estimates' },
  chart: { id: 'Efek dan interval kepercayaan 95%', en: 'Effects with 95% confidence intervals' },
  outcome: { id: 'Hasil', en: 'Outcome' },
  method: { id: 'Metode', en: 'Method' },
  effect: { id: 'Efek', en: 'Effect' },
  se: { id: 'Galat baku', en: 'SE' },
  ci: { id: 'IK 95%', en: '95% CI' },
  p: { id: 'p', en: 'p' },
  n: { id: 'n', en: 'n' },
  clusters: { id: 'Klaster', en: 'Clusters' },
  df: { id: 'db', en: 'df' },
  wild: { id: 'p bootstrap klaster liar', en: 'wild cluster bootstrap p' },
  ri: { id: 'p inferensi pengacakan', en: 'randomisation inference p' },
  baseline: { id: 'Baseline', en: 'Baseline' },
  followup: { id: 'Tindak lanjut', en: 'Follow-up' },
  means: { id: 'Rata-rata per kelompok', en: 'Means by arm' },
  treated: { id: 'Perlakuan', en: 'Treated' },
  control: { id: 'Kontrol', en: 'Control' },
  households: { id: 'Rumah tangga', en: 'Households' },
  lost: { id: 'Hilang saat tindak lanjut', en: 'Lost to follow-up' },
  notes: { id: 'Catatan kualitas data', en: 'Data-quality notes' },
  notEstimable: { id: 'Belum dapat diestimasi', en: 'Not estimable yet' },
  none: { id: 'Tidak ada catatan.', en: 'No notes.' },
  funnel: { id: 'Corong pendaftaran', en: 'Enrolment funnel' },
  step: { id: 'Tahap', en: 'Step' },
  wave: { id: 'Gelombang', en: 'Wave' },
  total: { id: 'Jumlah', en: 'Total' },
  noEnrolments: { id: 'Belum ada pendaftaran.', en: 'No enrolments yet.' },
  trends: { id: 'Indikator menurut waktu dan kelompok', en: 'Indicators over time by arm' },
  noTrends: {
    id: 'Belum ada indikator menurut kelompok uji coba (jalankan entas indicators refresh).',
    en: 'No indicators by pilot arm yet (run entas indicators refresh).',
  },
  period: { id: 'Periode', en: 'Period' },
} satisfies Record<string, Text>;

const STEP_LABEL: Record<(typeof FUNNEL_STEPS)[number] | (typeof FUNNEL_EXITS)[number], Text> = {
  identified: { id: 'Teridentifikasi', en: 'Identified' },
  contacted: { id: 'Dihubungi', en: 'Contacted' },
  consented: { id: 'Memberi persetujuan', en: 'Consented' },
  registered: { id: 'Terdaftar', en: 'Registered' },
  paid_pokok: { id: 'Membayar simpanan pokok', en: 'Paid simpanan pokok' },
  active: { id: 'Anggota aktif', en: 'Active member' },
  declined: { id: 'Menolak (saat ini)', en: 'Declined (now)' },
  unreachable: { id: 'Tidak terjangkau (saat ini)', en: 'Unreachable (now)' },
  ineligible: { id: 'Tidak memenuhi syarat (saat ini)', en: 'Ineligible (now)' },
  withdrawn: { id: 'Mengundurkan diri (saat ini)', en: 'Withdrawn (now)' },
};

/** Rows of the funnel table: each step's count per wave and in total, with its share of those identified. */
export function funnelTable(waves: readonly FunnelWave[]): {
  step: (typeof FUNNEL_STEPS)[number] | (typeof FUNNEL_EXITS)[number];
  counts: number[];
  total: number;
  share: number | null;
}[] {
  const identified = waves.reduce((s, w) => s + w.reached.identified, 0);
  const line = (step: (typeof FUNNEL_STEPS)[number] | (typeof FUNNEL_EXITS)[number], counts: number[]) => {
    const total = counts.reduce((s, n) => s + n, 0);
    return { step, counts, total, share: identified === 0 ? null : total / identified };
  };
  return [
    ...FUNNEL_STEPS.map((step) =>
      line(
        step,
        waves.map((w) => w.reached[step]),
      ),
    ),
    ...FUNNEL_EXITS.map((step) =>
      line(
        step,
        waves.map((w) => w.exits[step]),
      ),
    ),
  ];
}

const unitText = (t: IndicatorTrend) => (t.unit === 'percent' ? '%' : t.unit === 'rupiah' ? 'Rp' : t.unit);

/** "Indonesian (English)" or "English (Indonesian)"; `short` gives the first language only. */
const say2 = (t: Text, lang: ReportLanguage) => (lang === 'id' ? `${t.id} (${t.en})` : `${t.en} (${t.id})`);
const say1 = (t: Text, lang: ReportLanguage) => t[lang];

const fmt = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits).replace(/^-(0\.0*)$/, '$1');
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const tanggal = (d: Date) => d.toISOString().slice(0, 10);

/** The PDF report (A4 portrait). */
export async function renderPilotReportPdf(
  input: PilotReportInput,
  options: { lang: ReportLanguage; generatedAt: Date },
): Promise<Buffer> {
  const lang = options.lang;
  const margin = 40;
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    info: {
      Title: `${say1(T.title, lang)}: ${input.pilot.name}`,
      Author: 'entas',
      CreationDate: options.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const page = pageOf(doc, lang, margin);
  drawTitle(page, input, options.generatedAt);
  drawEstimates(page, input);
  drawIntervalChart(page, input);
  drawMeans(page, input);
  if (input.monitoring) {
    drawFunnel(page, input.monitoring);
    drawTrends(page, input.monitoring);
  }
  drawNotes(page, input);
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}

/** The document being drawn and what every section of it uses. */
interface Page {
  doc: PDFKit.PDFDocument;
  lang: ReportLanguage;
  margin: number;
  /** Width between the margins. */
  width: number;
  /** Starts a new page unless `height` points fit above the bottom margin. */
  ensure: (height: number) => void;
  /** A section heading (on a new page when it would sit at the bottom). */
  heading: (t: Text) => void;
}

function pageOf(doc: PDFKit.PDFDocument, lang: ReportLanguage, margin: number): Page {
  const width = doc.page.width - 2 * margin;
  const bottom = () => doc.page.height - margin;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (t: Text) => {
    ensure(40);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(say2(t, lang), margin);
    doc.font('Helvetica').fontSize(9).moveDown(0.3);
  };
  return { doc, lang, margin, width, ensure, heading };
}

/** Title, pilot, region, design, date printed and the survey rounds. */
function drawTitle(page: Page, input: PilotReportInput, generatedAt: Date): void {
  const { doc, lang, margin } = page;
  doc.font('Helvetica-Bold').fontSize(16).text(say2(T.title, lang), margin, margin);
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(`${say1(T.pilot, lang)}: #${input.pilot.id} ${input.pilot.name}`);
  doc.text(
    `${say1(T.region, lang)}: ${input.pilot.region_code}    ${say1(T.design, lang)}: ${input.pilot.design}    ${say1(T.printed, lang)}: ${tanggal(generatedAt)}`,
  );
  const first = input.evaluations.find((e) => e.result)?.result;
  if (first)
    doc.text(`${say1(T.baseline, lang)}: ${first.baseline}    ${say1(T.followup, lang)}: ${first.followup}`);
}

/** The estimates table: one row per outcome, with the wild-bootstrap and randomization-inference p below. */
function drawEstimates(page: Page, input: PilotReportInput): void {
  const { doc, lang, margin, width, ensure, heading } = page;
  heading(T.estimates);
  const columns: { title: string; width: number }[] = [
    { title: say1(T.outcome, lang), width: 150 },
    { title: say1(T.effect, lang), width: 55 },
    { title: say1(T.se, lang), width: 50 },
    { title: say1(T.ci, lang), width: 100 },
    { title: say1(T.p, lang), width: 45 },
    { title: say1(T.n, lang), width: 40 },
    { title: say1(T.clusters, lang), width: 45 },
    { title: say1(T.df, lang), width: 30 },
  ];
  const row = (cells: string[], bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i]!.width - 4 }))) + 4;
    ensure(height);
    const y = doc.y;
    let x = margin;
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y, { width: columns[i]!.width - 4 });
      x += columns[i]!.width;
    });
    doc.y = y + height;
    if (bold)
      doc
        .moveTo(margin, doc.y - 1)
        .lineTo(margin + width, doc.y - 1)
        .lineWidth(0.5)
        .stroke();
  };
  row(
    columns.map((c) => c.title),
    true,
  );
  for (const e of input.evaluations) {
    const label = say1(OUTCOME_LABEL[e.outcome], lang);
    if (!e.result) {
      row([label, say1(T.notEstimable, lang), '', '', '', '', '', '']);
      continue;
    }
    const r = e.result;
    row([
      `${label}\n${say1(METHOD_LABEL[r.method] ?? { id: r.method, en: r.method }, lang)}`,
      fmt(r.effect.estimate),
      fmt(r.effect.se),
      `[${fmt(r.effect.ci_low)}, ${fmt(r.effect.ci_high)}]`,
      fmt(r.effect.p, 3),
      String(r.n),
      String(r.clusters),
      r.effect.df === null ? '-' : String(r.effect.df),
    ]);
    const extra = [
      r.wild_bootstrap ? `${say1(T.wild, lang)} ${fmt(r.wild_bootstrap.p, 3)}` : null,
      r.randomization_inference ? `${say1(T.ri, lang)} ${fmt(r.randomization_inference.p, 3)}` : null,
    ].filter((x): x is string => x !== null);
    if (extra.length) {
      doc
        .font('Helvetica-Oblique')
        .fontSize(8)
        .text(extra.join('; '), margin + 150, doc.y);
      doc.moveDown(0.3);
    }
  }
}

/** Interval chart: one row per estimated outcome, each on its own scale. */
function drawIntervalChart(page: Page, input: PilotReportInput): void {
  const { doc, lang, margin, width, ensure, heading } = page;
  const estimated = input.evaluations.filter((e) => e.result && Number.isFinite(e.result.effect.ci_low));
  if (estimated.length) {
    heading(T.chart);
    const labelWidth = 170;
    const plotX = margin + labelWidth;
    const plotWidth = width - labelWidth - 20;
    for (const e of estimated) {
      ensure(36);
      const eff = e.result!.effect;
      const low = Math.min(0, eff.ci_low);
      const high = Math.max(0, eff.ci_high);
      const span = high - low || 1;
      const x = (v: number) => plotX + ((v - low) / span) * plotWidth;
      const y = doc.y + 12;
      doc
        .font('Helvetica')
        .fontSize(8.5)
        .text(say1(OUTCOME_LABEL[e.outcome], lang), margin, y - 4, {
          width: labelWidth - 8,
        });
      doc
        .lineWidth(0.5)
        .strokeColor('#999999')
        .moveTo(plotX, y)
        .lineTo(plotX + plotWidth, y)
        .stroke();
      doc
        .strokeColor('#cc0000')
        .dash(2, { space: 2 })
        .moveTo(x(0), y - 9)
        .lineTo(x(0), y + 9)
        .stroke()
        .undash();
      doc.strokeColor('#1f4e79').lineWidth(2).moveTo(x(eff.ci_low), y).lineTo(x(eff.ci_high), y).stroke();
      doc.fillColor('#1f4e79').circle(x(eff.estimate), y, 3.5).fill();
      doc.fillColor('#000000').strokeColor('#000000').lineWidth(1).fontSize(7);
      doc.text(fmt(eff.ci_low, 3), x(eff.ci_low) - 30, y + 5, { width: 60, align: 'center' });
      doc.text(fmt(eff.ci_high, 3), x(eff.ci_high) - 30, y + 5, { width: 60, align: 'center' });
      doc.y = y + 20;
    }
    doc
      .fontSize(7.5)
      .text(
        lang === 'id'
          ? 'Titik: efek; garis: interval kepercayaan 95%; garis putus-putus merah: nol. (Dot: effect; bar: 95% CI; red dashes: zero.)'
          : 'Dot: effect; bar: 95% CI; red dashes: zero. (Titik: efek; garis: IK 95%; garis putus-putus merah: nol.)',
        margin,
      );
  }
}

/** Means before and after, households and attrition per arm. */
function drawMeans(page: Page, input: PilotReportInput): void {
  const { doc, lang, margin, ensure, heading } = page;
  heading(T.means);
  for (const e of input.evaluations) {
    if (!e.result) continue;
    const r = e.result;
    ensure(30);
    doc.font('Helvetica-Bold').fontSize(8.5).text(say1(OUTCOME_LABEL[e.outcome], lang), margin);
    doc
      .font('Helvetica')
      .text(
        `${say1(T.treated, lang)}: ${fmt(r.means.treated_baseline)} -> ${fmt(r.means.treated_followup)}    ` +
          `${say1(T.control, lang)}: ${fmt(r.means.control_baseline)} -> ${fmt(r.means.control_followup)}    ` +
          `${say1(T.households, lang)}: ${r.households.treated} / ${r.households.control}    ` +
          `${say1(T.lost, lang)}: ${r.attrition.treated} (${pct(r.attrition.treated_share)}) / ${r.attrition.control} (${pct(r.attrition.control_share)})`,
        margin,
      );
  }
}

/** Enrolment funnel: every step per wave, with its share of the households identified. */
function drawFunnel(page: Page, monitoring: PilotMonitoring): void {
  const { doc, lang, margin, ensure, heading } = page;
  heading(T.funnel);
  const waves = monitoring.funnel;
  if (waves.length === 0) doc.font('Helvetica').fontSize(8.5).text(say1(T.noEnrolments, lang), margin);
  else {
    const cols = [
      { title: say1(T.step, lang), width: 170 },
      ...waves.map((w) => ({ title: `${say1(T.wave, lang)} ${w.wave_no}`, width: 55 })),
      { title: say1(T.total, lang), width: 60 },
      { title: '%', width: 50 },
    ];
    const funnelRow = (cells: string[], bold = false) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      ensure(14);
      const y = doc.y;
      let x = margin;
      cells.forEach((c, i) => {
        doc.text(c, x + 2, y, { width: cols[i]!.width - 4 });
        x += cols[i]!.width;
      });
      doc.y = y + 13;
    };
    funnelRow(
      cols.map((c) => c.title),
      true,
    );
    for (const r of funnelTable(waves))
      funnelRow([
        say1(STEP_LABEL[r.step], lang),
        ...r.counts.map(String),
        String(r.total),
        r.share === null ? '-' : pct(r.share),
      ]);
  }
}

/** Indicators by arm over the months: a line each for the treated and the control arm. */
function drawTrends(page: Page, monitoring: PilotMonitoring): void {
  const { doc, lang, margin, width, ensure, heading } = page;
  heading(T.trends);
  const trends = monitoring.trends;
  if (trends.length === 0) doc.font('Helvetica').fontSize(8.5).text(say1(T.noTrends, lang), margin);
  for (const t of trends) {
    ensure(110);
    doc
      .font('Helvetica-Bold')
      .fontSize(8.5)
      .text(`${say1(t.name, lang)} (${unitText(t)})`, margin);
    const top = doc.y + 4;
    const chartX = margin + 40;
    const chartW = width - 140;
    const chartH = 70;
    const values = t.points.flatMap((p) => [p.treated, p.control]).filter((v): v is number => v !== null);
    const low = Math.min(0, ...values);
    const high = Math.max(...values, low + 1);
    const px = (i: number) =>
      chartX + (t.points.length === 1 ? chartW / 2 : (i / (t.points.length - 1)) * chartW);
    const py = (v: number) => top + chartH - ((v - low) / (high - low)) * chartH;
    doc.lineWidth(0.5).strokeColor('#999999');
    doc
      .moveTo(chartX, top)
      .lineTo(chartX, top + chartH)
      .lineTo(chartX + chartW, top + chartH)
      .stroke();
    doc.font('Helvetica').fontSize(7).fillColor('#000000');
    doc.text(fmt(high, 1), margin, top - 3, { width: 36, align: 'right' });
    doc.text(fmt(low, 1), margin, top + chartH - 4, { width: 36, align: 'right' });
    const line = (pick: 'treated' | 'control', color: string) => {
      doc.strokeColor(color).fillColor(color).lineWidth(1.5);
      let started = false;
      t.points.forEach((p, i) => {
        const v = p[pick];
        if (v === null) {
          started = false;
          return;
        }
        if (started) doc.lineTo(px(i), py(v));
        else doc.moveTo(px(i), py(v));
        started = true;
      });
      doc.stroke();
      t.points.forEach((p, i) => {
        const v = p[pick];
        if (v !== null) doc.circle(px(i), py(v), 1.8).fill();
      });
    };
    line('control', '#e07b00');
    line('treated', '#1f4e79');
    doc.fillColor('#000000').strokeColor('#000000').lineWidth(1).fontSize(7);
    doc.text(t.points[0]!.period, chartX - 20, top + chartH + 3, { width: 60 });
    if (t.points.length > 1)
      doc.text(t.points.at(-1)!.period, chartX + chartW - 40, top + chartH + 3, {
        width: 60,
        align: 'right',
      });
    const last = t.points.at(-1)!;
    doc.text(
      `${say1(T.treated, lang)} ${fmt(last.treated, 1)}\n${say1(T.control, lang)} ${fmt(last.control, 1)}`,
      chartX + chartW + 8,
      top + 10,
      { width: 90 },
    );
    doc.y = top + chartH + 14;
  }
  if (trends.length > 0)
    doc
      .fontSize(7.5)
      .text(
        lang === 'id'
          ? 'Biru: kelompok perlakuan; oranye: kontrol; angka di kanan: bulan terakhir. (Blue: treated; orange: control.)'
          : 'Blue: treated arm; orange: control; figures on the right: the last month. (Biru: perlakuan; oranye: kontrol.)',
        margin,
      );
}

/** Notes and problems, each once. */
function drawNotes(page: Page, input: PilotReportInput): void {
  const { doc, lang, margin, width, ensure, heading } = page;
  heading(T.notes);
  const lines = notesOf(input, lang);
  doc.font('Helvetica').fontSize(8.5);
  if (lines.length === 0) doc.text(say1(T.none, lang), margin);
  for (const line of lines) {
    ensure(20);
    doc.text(`- ${line}`, margin, doc.y, { width });
  }
}

/** Each distinct note once, with the outcome it came from; a problem names the outcome. */
function notesOf(input: PilotReportInput, lang: ReportLanguage): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of input.evaluations) {
    const label = say1(OUTCOME_LABEL[e.outcome], lang);
    if (e.problem) {
      const message = lang === 'id' ? (e.problem.message_id ?? e.problem.message) : e.problem.message;
      out.push(`${label}: ${say1(T.notEstimable, lang)}: ${message}`);
    }
    for (const n of e.result?.notes ?? []) {
      const text = lang === 'id' ? `${n.id} (${n.en})` : `${n.en} (${n.id})`;
      if (seen.has(text)) continue;
      seen.add(text);
      out.push(text);
    }
  }
  return out;
}

/** The XLSX report: sheets of estimates, means by arm, and notes; headers in both languages. */
export async function renderPilotReportXlsx(
  input: PilotReportInput,
  options: { lang: ReportLanguage; generatedAt: Date },
): Promise<Buffer> {
  const lang = options.lang;
  const cell = (v: string | number | null) => (typeof v === 'string' ? neutralizeFormula(v) : v);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'entas';
  workbook.created = options.generatedAt;
  const estimates = workbook.addWorksheet(lang === 'id' ? 'Estimasi' : 'Estimates');
  estimates.addRow([cell(`${say2(T.title, lang)}: #${input.pilot.id} ${input.pilot.name}`)]);
  estimates.addRow([
    cell(`${say1(T.region, lang)}: ${input.pilot.region_code}`),
    cell(`${say1(T.design, lang)}: ${input.pilot.design}`),
    cell(`${say1(T.printed, lang)}: ${tanggal(options.generatedAt)}`),
  ]);
  estimates.addRow([]);
  const header = [
    say2(T.outcome, lang),
    'code',
    say2(T.method, lang),
    say2(T.baseline, lang),
    say2(T.followup, lang),
    say2(T.effect, lang),
    say2(T.se, lang),
    `${say1(T.ci, lang)} low`,
    `${say1(T.ci, lang)} high`,
    'p',
    'df',
    'se_type',
    'n',
    say2(T.clusters, lang),
    say2(T.wild, lang),
    say2(T.ri, lang),
    say2(T.notEstimable, lang),
  ];
  estimates.addRow(header.map(cell)).font = { bold: true };
  for (const e of input.evaluations) {
    const r = e.result;
    const num = (v: number | null | undefined) =>
      v === null || v === undefined || !Number.isFinite(v) ? null : v;
    estimates.addRow(
      [
        say1(OUTCOME_LABEL[e.outcome], lang),
        e.outcome,
        r?.method ?? null,
        r?.baseline ?? null,
        r?.followup ?? null,
        num(r?.effect.estimate),
        num(r?.effect.se),
        num(r?.effect.ci_low),
        num(r?.effect.ci_high),
        num(r?.effect.p),
        r?.effect.df ?? null,
        r?.effect.se_type ?? null,
        r?.n ?? null,
        r?.clusters ?? null,
        num(r?.wild_bootstrap?.p),
        num(r?.randomization_inference?.p),
        e.problem ? (lang === 'id' ? (e.problem.message_id ?? e.problem.message) : e.problem.message) : null,
      ].map(cell),
    );
  }
  estimates.columns.forEach((c) => (c.width = 16));

  const means = workbook.addWorksheet(lang === 'id' ? 'Rata-rata' : 'Means');
  means.addRow(
    [
      say2(T.outcome, lang),
      `${say1(T.treated, lang)} ${say1(T.baseline, lang)}`,
      `${say1(T.treated, lang)} ${say1(T.followup, lang)}`,
      `${say1(T.control, lang)} ${say1(T.baseline, lang)}`,
      `${say1(T.control, lang)} ${say1(T.followup, lang)}`,
      `${say1(T.households, lang)} ${say1(T.treated, lang)}`,
      `${say1(T.households, lang)} ${say1(T.control, lang)}`,
      `${say1(T.lost, lang)} ${say1(T.treated, lang)}`,
      `${say1(T.lost, lang)} ${say1(T.control, lang)}`,
    ].map(cell),
  ).font = { bold: true };
  for (const e of input.evaluations) {
    const r = e.result;
    if (!r) continue;
    means.addRow([
      cell(say1(OUTCOME_LABEL[e.outcome], lang)),
      r.means.treated_baseline,
      r.means.treated_followup,
      r.means.control_baseline,
      r.means.control_followup,
      r.households.treated,
      r.households.control,
      r.attrition.treated,
      r.attrition.control,
    ]);
  }
  means.columns.forEach((c) => (c.width = 18));

  if (input.monitoring) {
    const funnel = workbook.addWorksheet(lang === 'id' ? 'Corong' : 'Funnel');
    const waves = input.monitoring.funnel;
    funnel.addRow(
      [
        say2(T.step, lang),
        'code',
        ...waves.map((w) => `${say1(T.wave, lang)} ${w.wave_no}`),
        say2(T.total, lang),
        'share',
      ].map(cell),
    ).font = { bold: true };
    for (const r of funnelTable(waves))
      funnel.addRow([cell(say1(STEP_LABEL[r.step], lang)), r.step, ...r.counts, r.total, r.share]);
    funnel.columns.forEach((c) => (c.width = 16));
    const trends = workbook.addWorksheet(lang === 'id' ? 'Tren' : 'Trends');
    trends.addRow(
      [
        say2(T.outcome, lang),
        'code',
        'unit',
        say2(T.period, lang),
        say2(T.treated, lang),
        say2(T.control, lang),
      ].map(cell),
    ).font = { bold: true };
    for (const t of input.monitoring.trends)
      for (const p of t.points)
        trends.addRow([cell(say1(t.name, lang)), t.indicator, t.unit, p.period, p.treated, p.control]);
    trends.columns.forEach((c) => (c.width = 18));
  }

  const notes = workbook.addWorksheet(lang === 'id' ? 'Catatan' : 'Notes');
  notes.addRow([cell(say2(T.notes, lang))]).font = { bold: true };
  for (const line of notesOf(input, lang)) notes.addRow([cell(line)]);
  notes.getColumn(1).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
