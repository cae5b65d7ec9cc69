import type { Command } from 'commander';
import {
  checkDemoOptions,
  DEFAULT_DEMO_HOUSEHOLDS,
  DEFAULT_DEMO_PROVINCE,
  runDemo,
  type DemoSummary,
} from '../../demo/run-demo.js';
import { UserError, say } from '../../shared/errors.js';
import { completeDemo, type DemoCompletion } from '../../demo/complete-demo.js';
import { demoPilot, type DemoPilotSummary } from '../../demo/demo-pilot.js';
import { DEFAULT_PLANTED_EFFECT, demoFollowUp, type DemoFollowUp } from '../../demo/demo-followup.js';
import { demoBooks, type DemoBooks } from '../../demo/demo-books.js';

import { action, withJson } from '../command-runner.js';
import { createProgress } from '../progress.js';
import { t, tr } from '../lang.js';

interface DemoCommandOptions {
  province?: string;
  regency?: string;
  households: string;
  seed: string;
  replace?: boolean;
  link: boolean;
  plantedEffect: string;
}

export function registerDemoCommands(program: Command): void {
  withJson(
    program
      .command('demo')
      .description(
        'build a synthetic population on the real villages of a province: DTSEN households, PKH/BPNT/PBI-JK lists, one Kopdes per village with members (source rows carry realistic errors; truth in demo_truth)',
      )
      .option('--province <code>', `province code (default ${DEFAULT_DEMO_PROVINCE})`)
      .option('--regency <code>', 'only this regency (PP.RR, e.g. 53.01): fewer villages, ready in seconds')
      .option('--households <n>', 'number of households', String(DEFAULT_DEMO_HOUSEHOLDS))
      .option('--seed <seed>', 'random seed: the same seed gives the same data and summary', '1')
      .option('--replace', "delete this province's earlier demo data first (otherwise the command refuses)")
      .option(
        '--no-link',
        'only generate the data: skip the linkage (`entas link run`) and the default policy (`entas policy apply`)',
      )
      .option(
        '--planted-effect <sd>',
        "intention-to-treat effect planted in the follow-up DTSEN snapshot (2026-10-31) on the pilot's treated households, in SD of welfare; 0 plants none (docs/EVALUATION.md)",
        String(DEFAULT_PLANTED_EFFECT),
      ),
  ).action(
    action(async (ctx, options: DemoCommandOptions) => {
      const effect = Number(options.plantedEffect);
      if (!/^-?\d+(\.\d+)?$/.test(options.plantedEffect.trim()) || Math.abs(effect) > 3)
        throw new UserError(
          say(
            `--planted-effect "${options.plantedEffect}" is not a number between -3 and 3 (SD of welfare)`,
            `--planted-effect "${options.plantedEffect}" bukan angka antara -3 dan 3 (SD kesejahteraan)`,
          ),
        );
      if (!/^\d+$/.test(options.households.trim())) {
        throw new UserError(`--households "${options.households}" is not a whole number`);
      }
      const households = Number(options.households);
      const { regency } = checkDemoOptions({
        province: options.province,
        regency: options.regency,
        households,
      });
      const database = await ctx.database();
      const progress = createProgress({
        label: 'demo',
        title: say('demo', 'demo'),
        unit: say('households', 'rumah tangga'),
      });
      const summary = await runDemo(database, {
        ...(options.province ? { province: options.province } : {}),
        ...(regency ? { regency } : {}),
        households,
        seed: options.seed,
        replace: options.replace === true,
        actor: ctx.actor,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish(summary.households);
      if (!options.link) {
        return {
          json: summary,
          text: `${describe(summary)}\nnext: \`entas link run\` links the recipient and member rows to these persons and scores it against demo_truth`,
        };
      }
      const completion = await completeDemo(database, {
        actor: ctx.actor,
        region: regency ?? summary.province,
        onStage: (stage) => process.stderr.write(`entas: ${stage}…\n`),
      });
      process.stderr.write(
        `entas: ${t(say('randomising and running the demo pilot', 'mengundi dan menjalankan uji coba demo'))}…\n`,
      );
      const pilot = await demoPilot(database, {
        province: summary.province,
        seed: String(options.seed),
        actor: ctx.actor,
        policyId: completion.policy.id,
      });
      const followup = await demoFollowUp(database, {
        province: summary.province,
        seed: String(options.seed),
        pilotId: pilot.pilot_id,
        effect,
        actor: ctx.actor,
      });
      process.stderr.write(
        `entas: ${t(say('keeping the cooperatives’ books', 'mengisi pembukuan koperasi'))}…\n`,
      );
      const books = await demoBooks(database, {
        province: summary.province,
        seed: String(options.seed),
        pilotId: pilot.pilot_id,
        actor: ctx.actor,
      });
      return {
        json: { ...summary, ...completion, pilot, followup, books },
        text: `${describe(summary)}\n${describeCompletion(completion)}\n${describePilot(pilot)}\n${describeFollowUp(followup, pilot.pilot_id)}\n${describeBooks(books)}`,
      };
    }),
  );
}

function describe(s: DemoSummary): string {
  const lines = [
    `demo population for ${s.province_name} (${s.province}), seed ${s.seed}, DTSEN snapshot ${s.snapshot_date}`,
    `  ${s.households} households, ${s.persons} persons in ${s.villages_with_households} of ${s.villages} villages`,
    `  deciles 1–10: ${Object.values(s.deciles).join(' ')}`,
  ];
  for (const [code, p] of Object.entries(s.programs)) {
    lines.push(
      `  ${code.padEnd(7)} ${p.rows} rows, ${p.recipient_households} households (${p.eligible_recipient_households} of ${p.eligible_households} eligible households reached)`,
    );
  }
  lines.push(
    `  ${s.cooperatives} cooperatives, ${s.officers} officers, ${s.members} members (${s.members_poor} in deciles 1–4, ${s.members_recipients} PKH/BPNT recipients)`,
    `  injected errors: ${Object.entries(s.injected_errors)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  return lines.join('\n');
}

function describePilot(p: DemoPilotSummary): string {
  const states = Object.entries(p.enrolments)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return tr(
    `  pilot #${p.pilot_id} "${p.name}": ${p.clusters} villages (${p.treated} treatment, ${p.control} control), draw seed ${p.seed}; enrolments: ${states}`,
    `  uji coba #${p.pilot_id} "${p.name}": ${p.clusters} desa (${p.treated} perlakuan, ${p.control} kontrol), seed undian ${p.seed}; pendaftaran: ${states}`,
  );
}

function describeBooks(b: DemoBooks): string {
  return tr(
    `  cooperative books: ${b.cooperatives} cooperatives, ${b.members} paying members (${b.members_in_arrears} behind on wajib), ${b.postings} postings, ${b.loans} micro-loans (${b.late_loans} late), ${b.bank_loans} bank loan, ${b.mentoring_sessions} mentoring sessions (${b.followups_closed} of ${b.followups} follow-ups closed)`,
    `  pembukuan koperasi: ${b.cooperatives} koperasi, ${b.members} anggota membayar (${b.members_in_arrears} menunggak wajib), ${b.postings} jurnal, ${b.loans} pinjaman mikro (${b.late_loans} terlambat), ${b.bank_loans} pinjaman bank, ${b.mentoring_sessions} sesi pendampingan (${b.followups_closed} dari ${b.followups} tindak lanjut ditutup)`,
  );
}

function describeFollowUp(f: DemoFollowUp, pilotId: number): string {
  const p = f.planted;
  return tr(
    `  follow-up DTSEN snapshot ${f.snapshot_date}: ${f.households} households (${f.lost} lost to follow-up); planted effect ${p.welfare_sd} SD of welfare on ${p.treated_households} treated households (share in deciles 1–2 ${(100 * p.decile_1_2).toFixed(1)} points); check: entas evaluate pilot ${pilotId} --outcome welfare_z`,
    `  snapshot DTSEN tindak lanjut ${f.snapshot_date}: ${f.households} rumah tangga (${f.lost} hilang); efek tertanam ${p.welfare_sd} SD kesejahteraan pada ${p.treated_households} rumah tangga perlakuan (porsi desil 1–2 ${(100 * p.decile_1_2).toFixed(1)} poin); periksa: entas evaluate pilot ${pilotId} --outcome welfare_z`,
  );
}

export function describeCompletion(c: DemoCompletion): string {
  return [
    `  linkage run #${c.linkage.run_id ?? '-'}: ${c.linkage.linked} rows linked, ${c.linkage.review} pairs for review, ${c.linkage.unlinked} unlinked`,
    `  policy ${c.policy.id} v${c.policy.version} applied (#${c.policy.application_id}, effective ${c.policy.effective}) to ${c.policy.households} households`,
  ].join('\n');
}
