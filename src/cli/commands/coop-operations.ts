import fs from 'node:fs';
import { cooperativeOfMember } from '../../cooperatives/storage/operations-repository.js';
import type { Command } from 'commander';
import { auditChange } from '../../audit/access-audit.js';
import { ratReportPdf, reportFile } from '../../cooperatives/coop-report-export.js';
import { loadHealthSettings } from '../../cooperatives/health-settings-file.js';
import { FOUNDING_STEPS } from '../../cooperatives/operations/founding.js';
import { REPORT_KINDS, type ReportKind, type ReportLang } from '../../cooperatives/reports/report-tables.js';
import { OFFICER_POSITIONS } from '../../cooperatives/operations/register-checks.js';
import {
  appointOfficer,
  closeFollowup,
  cooperativeHealth,
  endOfficerTerm,
  foundingView,
  memberExit,
  mentoringSessions,
  recordFoundingStep,
  recordMentoringSession,
  recordRat,
  registerCheck,
  registerFounding,
  requireFounding,
  setBusinessUnits,
  startFounding,
  type FoundingView,
} from '../../cooperatives/operations-service.js';
import { openBooks, type Books } from '../../cooperatives/storage/ledger-repository.js';
import type { Tx } from '../../db/database.js';
import {
  presentExit,
  presentFounding,
  presentHealth,
  presentRegisterCheck,
  presentSessions,
} from '../../server/presenters/coop-operations.js';
import { action, withJson, type CommandContext } from '../command-runner.js';
import { lang, tr, userError } from '../lang.js';
import { auditCoopChange, auditCoopRead, coopBooks } from '../coop-audit.js';
import { localOperator } from '../local-operator.js';
import { integerOption } from '../option-values.js';

const today = () => new Date().toISOString().slice(0, 10);
const collect = (value: string, previous: string[]) => [...previous, value];

/** A change in one transaction with its audit entry (the CLI's operator, origin cli). */
async function change<T>(
  ctx: CommandContext,
  action: string,
  work: (tx: Tx) => Promise<T & { books: Books }>,
  details: (r: T) => Record<string, unknown>,
): Promise<T> {
  const database = await ctx.database();
  return database.transaction(async (tx) => {
    const r = await work(tx);
    await auditCoopChange(ctx, tx, r.books, action, details(r));
    return r;
  });
}

function foundingText(f: FoundingView): string {
  return [
    `${f.name} (${f.village_code}): ${f.status}${f.cooperative_id === null ? '' : ` → ${tr('cooperative', 'koperasi')} ${f.cooperative_id}`}`,
    ...f.steps.map(
      (s) => `  [${s.done ? 'x' : ' '}] ${s.step.padEnd(18)}${s.done_on ?? ''}  ${s.document ?? ''}`,
    ),
  ].join('\n');
}

/** `entas coop mentoring …, register-check, health, exit, found …` (docs/FINANCE.md). */
export function registerCoopOperationCommands(coop: Command): void {
  withJson(
    coop
      .command('mentoring-record')
      .description(
        'record a mentoring session (pendampingan manajemen) with findings and follow-ups due (audited)',
      )
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--date <YYYY-MM-DD>', 'date of the session')
      .requiredOption('--mentor <name>', 'mentor')
      .requiredOption('--topic <text>', 'topic')
      .option('--attendee <name>', 'an attendee (repeat the option)', collect, [])
      .option('--findings <text>', 'findings', '')
      .option(
        '--followup <action@YYYY-MM-DD>',
        'a follow-up and its due date (repeat the option)',
        collect,
        [],
      ),
  ).action(
    action(
      async (
        ctx,
        o: {
          coop: string;
          date: string;
          mentor: string;
          topic: string;
          attendee: string[];
          findings: string;
          followup: string[];
        },
      ) => {
        const followups = o.followup.map((f) => {
          const at = f.lastIndexOf('@');
          if (at <= 0)
            throw userError(
              `--followup expects action@YYYY-MM-DD, got "${f}"`,
              `--followup memerlukan tindakan@YYYY-MM-DD, diberikan "${f}"`,
            );
          return { action: f.slice(0, at), dueOn: f.slice(at + 1) };
        });
        const coopId = integerOption('--coop', o.coop);
        const r = await change(
          ctx,
          'coop_mentoring.record',
          (tx) =>
            recordMentoringSession(
              tx,
              coopId,
              {
                heldOn: o.date,
                mentor: o.mentor,
                topic: o.topic,
                attendees: o.attendee,
                findings: o.findings,
                followups,
              },
              ctx.actor,
            ),
          (x) => ({ session_id: x.sessionId, followups: x.followupIds.length }),
        );
        return {
          json: { session_id: r.sessionId, followup_ids: r.followupIds },
          text: tr(
            `session ${r.sessionId} recorded with ${r.followupIds.length} follow-ups (${r.followupIds.join(', ')})`,
            `sesi ${r.sessionId} dicatat dengan ${r.followupIds.length} tindak lanjut (${r.followupIds.join(', ')})`,
          ),
        };
      },
    ),
  );

  withJson(
    coop
      .command('mentoring')
      .description('mentoring sessions of a cooperative with their follow-ups (audited: names attendees)')
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--from <YYYY-MM-DD>', 'first day')
      .option('--to <YYYY-MM-DD>', 'last day'),
  ).action(
    action(async (ctx, o: { coop: string; from?: string; to?: string }) => {
      const { database, books } = await coopBooks(ctx, o.coop);
      const p = presentSessions(books.cooperativeId, await mentoringSessions(database.db, books, o));
      await auditCoopRead(ctx, database, books, 'coop_mentoring.list', { returned: p.items.length });
      return {
        json: p,
        text: [
          ...p.items.flatMap((s) => [
            `${s.held_on}  #${s.id}  ${s.topic} — ${s.mentor} (${s.attendees.length} ${tr('attendees', 'peserta')})`,
            ...s.followups.map(
              (f) =>
                `    #${f.id} ${f.closed_on === null ? tr(`due ${f.due_on}`, `jatuh tempo ${f.due_on}`) : tr(`closed ${f.closed_on}`, `ditutup ${f.closed_on}`)}  ${f.action}`,
            ),
          ]),
          tr(`${p.open_followups} follow-ups open`, `${p.open_followups} tindak lanjut terbuka`),
        ].join('\n'),
      };
    }),
  );

  withJson(
    coop
      .command('followup-close')
      .description('close a mentoring follow-up (audited)')
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--followup <id>', 'follow-up id')
      .requiredOption('--date <YYYY-MM-DD>', 'date it was done')
      .option('--note <text>', 'what was done', ''),
  ).action(
    action(async (ctx, o: { coop: string; followup: string; date: string; note: string }) => {
      const coopId = integerOption('--coop', o.coop);
      const id = integerOption('--followup', o.followup);
      const r = await change(
        ctx,
        'coop_mentoring.close_followup',
        (tx) => closeFollowup(tx, coopId, id, { closedOn: o.date, note: o.note }, ctx.actor),
        (x) => ({ followup_id: x.followupId, closed_on: x.closedOn }),
      );
      return {
        json: { followup_id: r.followupId, closed_on: r.closedOn },
        text: tr(`follow-up ${id} closed on ${r.closedOn}`, `tindak lanjut ${id} ditutup pada ${r.closedOn}`),
      };
    }),
  );

  withJson(
    coop
      .command('register-check')
      .description("the registrar's checks: business units, current officers, errors and warnings")
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--as-of <YYYY-MM-DD>', 'default today'),
  ).action(
    action(async (ctx, o: { coop: string; asOf?: string }) => {
      const database = await ctx.database();
      const coopId = integerOption('--coop', o.coop);
      await database.transaction((tx) => openBooks(tx, coopId));
      const r = presentRegisterCheck(await registerCheck(database.db, coopId, o.asOf ?? today()));
      return {
        json: r,
        text: [
          `${tr('business units', 'unit usaha')}: ${[...r.business_units.standard, ...r.business_units.custom].join(', ') || '-'}`,
          ...r.officers.map(
            (x) => `  ${x.position.padEnd(20)}${x.name}${x.ex_officio ? ' (ex officio)' : ''}`,
          ),
          ...r.findings.map(
            (f) =>
              `${f.severity === 'error' ? tr('ERROR', 'GALAT') : tr('warning', 'peringatan')}: ${tr(f.message.en, f.message.id)}`,
          ),
          r.in_order
            ? tr('register in order', 'register sesuai ketentuan')
            : tr('register NOT in order', 'register BELUM sesuai ketentuan'),
        ].join('\n'),
      };
    }),
  );

  withJson(
    coop
      .command('business-units')
      .description(
        'set the business units: office, sembako_outlet, savings_and_loan, clinic, pharmacy, warehouse_cold_storage, logistics, or any other name (custom)',
      )
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--unit <unit>', 'a unit (repeat the option)', collect, []),
  ).action(
    action(async (ctx, o: { coop: string; unit: string[] }) => {
      const coopId = integerOption('--coop', o.coop);
      const r = await change(
        ctx,
        'cooperative.business_units',
        (tx) => setBusinessUnits(tx, coopId, o.unit),
        (x) => ({ units: x.units }),
      );
      return { json: { units: r.units }, text: r.units.join(', ') };
    }),
  );

  withJson(
    coop
      .command('officer-add')
      .description('appoint a pengurus or pengawas (audited)')
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--position <position>', OFFICER_POSITIONS.join(' | '))
      .requiredOption('--name <name>', 'name')
      .requiredOption('--start <YYYY-MM-DD>', 'first day in office')
      .option('--nik <nik>', '16 digits')
      .option('--kk <kk>', 'No. KK, 16 digits (the registrar warns when officers share one)')
      .option('--ex-officio', 'holds the post ex officio (the kepala desa as ketua_pengawas)', false),
  ).action(
    action(
      async (
        ctx,
        o: {
          coop: string;
          position: string;
          name: string;
          start: string;
          nik?: string;
          kk?: string;
          exOfficio: boolean;
        },
      ) => {
        const coopId = integerOption('--coop', o.coop);
        const r = await change(
          ctx,
          'cooperative_officer.appoint',
          (tx) =>
            appointOfficer(tx, coopId, {
              position: o.position,
              name: o.name,
              nik: o.nik ?? null,
              kk: o.kk ?? null,
              exOfficio: o.exOfficio,
              startDate: o.start,
            }),
          (x) => ({ officer_id: x.officerId, position: o.position }),
        );
        return {
          json: { officer_id: r.officerId },
          text: tr(`officer ${r.officerId} appointed`, `pengurus ${r.officerId} diangkat`),
        };
      },
    ),
  );

  withJson(
    coop
      .command('officer-end')
      .description("end an officer's term (the record is kept; audited)")
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--officer <id>', 'officer id')
      .requiredOption('--date <YYYY-MM-DD>', 'last day in office'),
  ).action(
    action(async (ctx, o: { coop: string; officer: string; date: string }) => {
      const coopId = integerOption('--coop', o.coop);
      const r = await change(
        ctx,
        'cooperative_officer.end',
        (tx) => endOfficerTerm(tx, coopId, integerOption('--officer', o.officer), o.date),
        (x) => ({ officer_id: x.officerId, end_date: x.endDate }),
      );
      return {
        json: { officer_id: r.officerId, end_date: r.endDate },
        text: tr('term ended', 'masa jabatan diakhiri'),
      };
    }),
  );

  withJson(
    coop
      .command('rat')
      .description("record when a book year's RAT (annual members' meeting) was held")
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--year <yyyy>', 'book year')
      .requiredOption('--held-on <YYYY-MM-DD>', 'date of the RAT'),
  ).action(
    action(async (ctx, o: { coop: string; year: string; heldOn: string }) => {
      const coopId = integerOption('--coop', o.coop);
      const r = await change(
        ctx,
        'coop_rat.record',
        (tx) => recordRat(tx, coopId, integerOption('--year', o.year), o.heldOn, ctx.actor),
        (x) => ({ book_year: x.bookYear, held_on: x.heldOn }),
      );
      return { json: { book_year: r.bookYear, held_on: r.heldOn }, text: tr('RAT recorded', 'RAT dicatat') };
    }),
  );

  withJson(
    coop
      .command('health')
      .description('health score 0–100 with its components (formula: docs/FINANCE.md)')
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--as-of <YYYY-MM-DD>', 'default today')
      .option(
        '--settings <file.yaml>',
        'weights and thresholds (default: ENTAS_COOP_HEALTH, else policies/coop-health.yaml)',
      ),
  ).action(
    action(async (ctx, o: { coop: string; asOf?: string; settings?: string }) => {
      const settings = loadHealthSettings(o.settings);
      const { database, books } = await coopBooks(ctx, o.coop);
      const h = presentHealth(
        books.cooperativeId,
        await cooperativeHealth(database.db, books, o.asOf ?? today(), settings),
      );
      return {
        json: h,
        text: [
          tr(`health score ${h.score} / 100 on ${h.as_of}`, `skor kesehatan ${h.score} / 100 per ${h.as_of}`),
          ...h.components.map(
            (c) =>
              `  ${c.key.padEnd(20)}${String(c.weight).padStart(4)}  ${c.applicable ? String(c.permille).padStart(4) + ' ‰' : tr('   n/a', '   t/a')}  ${Object.entries(
                c.inputs,
              )
                .map(([k, v]) => `${k}=${v ?? '-'}`)
                .join(' ')}`,
          ),
        ].join('\n'),
      };
    }),
  );

  withJson(
    coop
      .command('exit')
      .description(
        'a member leaves: savings refunded in one entry, history kept (idempotent by --key; audited)',
      )
      .requiredOption('--member <id>', 'member id')
      .requiredOption('--date <YYYY-MM-DD>', 'exit date')
      .requiredOption('--key <idempotency-key>', 'a retry with the same key posts nothing new'),
  ).action(
    action(async (ctx, o: { member: string; date: string; key: string }) => {
      const database = await ctx.database();
      const memberId = integerOption('--member', o.member);
      const cooperativeId = await cooperativeOfMember(database.db, memberId);
      if (cooperativeId === undefined)
        throw userError(`member ${memberId} not found`, `anggota ${memberId} tidak ditemukan`);
      const r = await change(
        ctx,
        'coop_member.exit',
        async (tx) => {
          const x = await memberExit(tx, cooperativeId, memberId, {
            date: o.date,
            idempotencyKey: o.key,
            postedBy: ctx.actor,
          });
          return { books: x.books, result: x.result };
        },
        (x) => ({
          member_id: memberId,
          idempotency_key: o.key,
          entry_id: x.result.entryId,
          refund: String(x.result.refund.total),
          replayed: x.result.replayed,
        }),
      );
      const p = presentExit(r.result);
      return {
        json: p,
        text: tr(
          `member ${memberId} left on ${p.left_on}; refunded Rp${p.refund.total.toLocaleString('id-ID')}${p.replayed ? ' (already recorded)' : ''}`,
          `anggota ${memberId} keluar pada ${p.left_on}; dikembalikan Rp${p.refund.total.toLocaleString('id-ID')}${p.replayed ? ' (sudah tercatat)' : ''}`,
        ),
      };
    }),
  );

  const found = coop
    .command('found')
    .description('founding checklist of a community cooperative in a village none serves');

  const foundingChange = async (
    ctx: CommandContext,
    auditAction: string,
    work: (tx: Tx) => Promise<FoundingView>,
    details: Record<string, unknown>,
  ) => {
    const database = await ctx.database();
    return database.transaction(async (tx) => {
      const f = await work(tx);
      await auditChange(tx, localOperator(ctx), {
        action: auditAction,
        subjectType: 'coop_founding',
        subjectId: f.id,
        regionCode: f.village_code,
        details,
      });
      return f;
    });
  };

  withJson(
    found
      .command('start')
      .description('open a founding checklist')
      .requiredOption('--village <code>', 'village code, e.g. 53.01.01.2001')
      .requiredOption('--name <name>', 'name of the cooperative to be'),
  ).action(
    action(async (ctx, o: { village: string; name: string }) => {
      const f = await foundingChange(
        ctx,
        'coop_founding.start',
        (tx) => startFounding(tx, o.village, o.name, ctx.actor),
        {
          name: o.name,
        },
      );
      return { json: presentFounding(f), text: foundingText(f) };
    }),
  );

  withJson(
    found
      .command('step')
      .description(`record a step: ${FOUNDING_STEPS.join(', ')}`)
      .requiredOption('--founding <id>', 'founding id')
      .requiredOption('--step <step>', FOUNDING_STEPS.join(' | '))
      .requiredOption('--date <YYYY-MM-DD>', 'date')
      .requiredOption('--document <text>', 'the document (e.g. berita acara number)')
      .option('--founders <n>', 'founders step: number of founders (at least 9)')
      .option('--legal-entity-no <no>', 'legal_entity step: the legal-entity number (SK AHU)')
      .option('--bank <name>', 'bank_account step: bank')
      .option('--account-no <no>', 'bank_account step: account number'),
  ).action(
    action(
      async (
        ctx,
        o: {
          founding: string;
          step: string;
          date: string;
          document: string;
          founders?: string;
          legalEntityNo?: string;
          bank?: string;
          accountNo?: string;
        },
      ) => {
        const database = await ctx.database();
        const row = await requireFounding(database.db, integerOption('--founding', o.founding));
        const f = await foundingChange(
          ctx,
          'coop_founding.step',
          (tx) =>
            recordFoundingStep(
              tx,
              row,
              {
                step: o.step,
                doneOn: o.date,
                document: o.document,
                details: {
                  ...(o.founders === undefined ? {} : { founders: integerOption('--founders', o.founders) }),
                  ...(o.legalEntityNo === undefined ? {} : { legal_entity_no: o.legalEntityNo }),
                  ...(o.bank === undefined ? {} : { bank: o.bank }),
                  ...(o.accountNo === undefined ? {} : { account_no: o.accountNo }),
                },
              },
              ctx.actor,
            ),
          { step: o.step, done_on: o.date },
        );
        return { json: presentFounding(f), text: foundingText(f) };
      },
    ),
  );

  withJson(
    found
      .command('register')
      .description('every step done: enter the cooperative in the register')
      .requiredOption('--founding <id>', 'founding id'),
  ).action(
    action(async (ctx, o: { founding: string }) => {
      const database = await ctx.database();
      const row = await requireFounding(database.db, integerOption('--founding', o.founding));
      const f = await foundingChange(ctx, 'coop_founding.register', (tx) => registerFounding(tx, row), {});
      return { json: presentFounding(f), text: foundingText(f) };
    }),
  );

  withJson(
    found
      .command('show')
      .description('a founding checklist')
      .requiredOption('--founding <id>', 'founding id'),
  ).action(
    action(async (ctx, o: { founding: string }) => {
      const database = await ctx.database();
      const f = await foundingView(
        database.db,
        await requireFounding(database.db, integerOption('--founding', o.founding)),
      );
      return { json: presentFounding(f), text: foundingText(f) };
    }),
  );
}

/** `entas coop report` and `entas coop rat-report` (docs/FINANCE.md "Reports"). */
export function registerCoopReportCommands(coop: Command): void {
  const shuOf = (o: { reserve?: string; jasaUsaha?: string; jasaModal?: string }) =>
    o.reserve !== undefined && o.jasaUsaha !== undefined && o.jasaModal !== undefined
      ? { reserve: o.reserve, jasaUsaha: o.jasaUsaha, jasaModal: o.jasaModal, others: [] }
      : undefined;
  const reportLang = (value: string | undefined): ReportLang => {
    const v = value ?? lang();
    if (v !== 'id' && v !== 'en')
      throw userError(
        `--report-lang must be id or en, got "${v}"`,
        `--report-lang harus id atau en, diberikan "${v}"`,
      );
    return v;
  };
  const common = (c: Command) =>
    c
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--out <file>', 'file to write')
      .option('--year <yyyy>', 'book year, default last year')
      .option('--report-lang <id|en>', 'language of the report, default the CLI language (--lang)')
      .option('--reserve <percent>', 'SHU split set by the RAT: cadangan')
      .option('--jasa-usaha <percent>', 'SHU split: jasa usaha')
      .option('--jasa-modal <percent>', 'SHU split: jasa modal');
  interface Common {
    coop: string;
    out: string;
    year?: string;
    reportLang?: string;
    reserve?: string;
    jasaUsaha?: string;
    jasaModal?: string;
  }
  const optionsOf = (o: Common) => ({
    year: o.year === undefined ? new Date().getUTCFullYear() - 1 : integerOption('--year', o.year),
    lang: reportLang(o.reportLang),
    shu: shuOf(o),
  });

  withJson(
    common(
      coop
        .command('report')
        .description(
          'one report as CSV or XLSX: members, savings, loans (with PAR), balance-sheet, shu (audited)',
        )
        .requiredOption('--kind <kind>', REPORT_KINDS.join(' | '))
        .option('--format <csv|xlsx>', 'default: from the --out extension'),
    ),
  ).action(
    action(async (ctx, o: Common & { kind: string; format?: string }) => {
      if (!(REPORT_KINDS as readonly string[]).includes(o.kind))
        throw userError(
          `--kind must be one of ${REPORT_KINDS.join(', ')}, got "${o.kind}"`,
          `--kind harus salah satu dari ${REPORT_KINDS.join(', ')}, diberikan "${o.kind}"`,
        );
      const format = o.format ?? (o.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
      if (format !== 'csv' && format !== 'xlsx')
        throw userError(
          `--format must be csv or xlsx, got "${format}"`,
          `--format harus csv atau xlsx, diberikan "${format}"`,
        );
      const { database, books } = await coopBooks(ctx, o.coop);
      const file = await reportFile(database.db, books, o.kind as ReportKind, format, optionsOf(o));
      fs.writeFileSync(o.out, file.body);
      await auditCoopRead(ctx, database, books, 'coop_report.export', {
        kind: o.kind,
        format,
        returned: file.table.rows.length,
      });
      return {
        json: { file: o.out, kind: o.kind, format, rows: file.table.rows.length, notes: file.table.notes },
        text: [file.table.title, ...file.table.notes, tr(`written to ${o.out}`, `ditulis ke ${o.out}`)].join(
          '\n',
        ),
      };
    }),
  );

  withJson(
    common(
      coop
        .command('rat-report')
        .description(
          'the RAT report (PDF): members, savings, loans and PAR, balance sheet, SHU of the book year (audited)',
        ),
    ),
  ).action(
    action(async (ctx, o: Common) => {
      const { database, books } = await coopBooks(ctx, o.coop);
      const options = optionsOf(o);
      const pdf = await ratReportPdf(database.db, books, { ...options, generatedAt: new Date() });
      fs.writeFileSync(o.out, pdf.body);
      await auditCoopRead(ctx, database, books, 'coop_report.rat_pdf', {
        year: options.year,
        lang: options.lang,
      });
      return {
        json: { file: o.out, year: options.year, lang: options.lang, bytes: pdf.body.length },
        text: tr(
          `RAT report ${options.year} written to ${o.out}`,
          `laporan RAT ${options.year} ditulis ke ${o.out}`,
        ),
      };
    }),
  );
}
