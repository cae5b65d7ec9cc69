/**
 * `entas loan disburse | repay | restructure | write-off | bank-receive`: loans on a cooperative's books from the
 * command line, each idempotent by --key and audited with it (as the API does through the access layer).
 */
import type { Command } from 'commander';
import { parseAnnualRatePercent } from '../../cooperatives/finance/exact-rate.js';
import { LOAN_METHODS, type LoanMethod } from '../../cooperatives/finance/loan-schedule.js';
import {
  disburseLoan,
  receiveBankLoan,
  repayLoan,
  restructureLoan,
  writeOffLoan,
} from '../../cooperatives/loan-service.js';
import type { PostMeta } from '../../cooperatives/savings-service.js';
import { openBooks } from '../../cooperatives/storage/ledger-repository.js';
import type { Tx } from '../../db/database.js';
import { presentLoanEvent, presentPost, rupiahOut } from '../../server/presenters/coop-ledger.js';
import { action, withJson, type CommandContext } from '../command-runner.js';
import { tr, userError } from '../lang.js';
import { auditCoopChange } from '../coop-audit.js';
import { integerOption } from '../option-values.js';

function rupiahOption(flag: string, value: string): bigint {
  if (!/^\d{1,16}$/.test(value.trim()))
    throw userError(
      `${flag} must be whole rupiah without separators, e.g. 1000000 (got "${value}")`,
      `${flag} harus rupiah bulat tanpa pemisah ribuan, mis. 1000000 (diberikan "${value}")`,
    );
  return BigInt(value.trim());
}

function methodOption(value: string): LoanMethod {
  if (!(LOAN_METHODS as readonly string[]).includes(value))
    throw userError(
      `--method must be one of ${LOAN_METHODS.join(', ')} (got "${value}")`,
      `--method harus salah satu dari ${LOAN_METHODS.join(', ')} (diberikan "${value}")`,
    );
  return value as LoanMethod;
}

interface Common {
  coop: string;
  date: string;
  key: string;
  memo?: string;
}

const common = (c: Command) =>
  c
    .requiredOption('--coop <id>', 'cooperative id')
    .requiredOption('--date <YYYY-MM-DD>', 'posting date')
    .requiredOption(
      '--key <idempotency-key>',
      'unique per request: a retry with the same key changes nothing',
    )
    .option('--memo <text>', 'memo on the journal entry');

/** Runs one loan operation in a transaction and audits it there with its idempotency key. */
async function run<T extends { replayed: boolean }>(
  ctx: CommandContext,
  o: Common,
  auditAction: string,
  details: Record<string, unknown>,
  work: (tx: Tx, coopId: number, meta: PostMeta) => Promise<T>,
  ids: (r: T) => Record<string, unknown>,
): Promise<T> {
  const database = await ctx.database();
  const coopId = integerOption('--coop', o.coop);
  return database.transaction(async (tx) => {
    const r = await work(tx, coopId, {
      date: o.date,
      idempotencyKey: o.key,
      memo: o.memo,
      postedBy: ctx.actor,
    });
    const books = await openBooks(tx, coopId);
    await auditCoopChange(ctx, tx, books, auditAction, {
      ...details,
      ...ids(r),
      idempotency_key: o.key,
      replayed: r.replayed,
    });
    return r;
  });
}

const done = (r: { replayed: boolean }, what: string, apa: string, key: string) =>
  r.replayed
    ? tr(`already recorded (key ${key}): nothing new`, `sudah dicatat (kunci ${key}): tidak ada yang baru`)
    : tr(what, apa);

export function registerLoanBookCommands(loan: Command): void {
  withJson(
    common(
      loan
        .command('disburse')
        .description('disburse a member loan from the cooperative cash (schedule per docs/FINANCE.md)')
        .requiredOption('--member <id>', 'member id')
        .requiredOption('--principal <rupiah>', 'whole rupiah')
        .requiredOption('--annual-rate <percent>', '12 means 12 % a year')
        .requiredOption('--months <n>', 'term in months')
        .requiredOption('--method <method>', LOAN_METHODS.join(' | '))
        .option('--grace-months <g>', 'interest-only months at the start', '0'),
    ),
  ).action(
    action(
      async (
        ctx,
        o: Common & {
          member: string;
          principal: string;
          annualRate: string;
          months: string;
          method: string;
          graceMonths: string;
        },
      ) => {
        const r = await run(
          ctx,
          o,
          'coop_loan.disburse',
          { member_id: o.member, principal: o.principal },
          (tx, coopId, meta) =>
            disburseLoan(
              tx,
              coopId,
              {
                memberId: integerOption('--member', o.member),
                principal: rupiahOption('--principal', o.principal),
                annualRate: parseAnnualRatePercent(o.annualRate, '--annual-rate'),
                months: integerOption('--months', o.months),
                method: methodOption(o.method),
                graceMonths: integerOption('--grace-months', o.graceMonths),
              },
              meta,
            ),
          (x) => ({ entry_id: x.entryId, loan_id: x.loanId }),
        );
        return {
          json: { ...presentPost(r), loan_id: r.loanId },
          text: done(r, `loan ${r.loanId} disbursed`, `pinjaman ${r.loanId} dicairkan`, o.key),
        };
      },
    ),
  );

  withJson(
    common(
      loan
        .command('repay')
        .description(
          'repay a loan: penalty → interest due → principal (member loans and the cooperative’s bank loans)',
        )
        .requiredOption('--loan <id>', 'loan id')
        .requiredOption('--amount <rupiah>', 'whole rupiah'),
    ),
  ).action(
    action(async (ctx, o: Common & { loan: string; amount: string }) => {
      const r = await run(
        ctx,
        o,
        'coop_loan.repay',
        { loan_id: o.loan, amount: o.amount },
        (tx, coopId, meta) =>
          repayLoan(tx, coopId, integerOption('--loan', o.loan), rupiahOption('--amount', o.amount), meta),
        (x) => ({ entry_id: x.entryId }),
      );
      const allocation = {
        penalty: rupiahOut(r.allocation.penalty),
        interest: rupiahOut(r.allocation.interest),
        principal: rupiahOut(r.allocation.principal),
      };
      return {
        json: { ...presentPost(r), allocation },
        text: done(
          r,
          `repaid: penalty ${allocation.penalty}, interest ${allocation.interest}, principal ${allocation.principal}`,
          `dibayar: denda ${allocation.penalty}, bunga ${allocation.interest}, pokok ${allocation.principal}`,
          o.key,
        ),
      };
    }),
  );

  withJson(
    common(
      loan
        .command('restructure')
        .description(
          'new schedule for the outstanding principal from --date (interest due stays due); an event',
        )
        .requiredOption('--loan <id>', 'loan id')
        .requiredOption('--annual-rate <percent>', '12 means 12 % a year')
        .requiredOption('--months <n>', 'new term in months')
        .requiredOption('--method <method>', LOAN_METHODS.join(' | '))
        .option('--grace-months <g>', 'interest-only months at the start', '0'),
    ),
  ).action(
    action(
      async (
        ctx,
        o: Common & { loan: string; annualRate: string; months: string; method: string; graceMonths: string },
      ) => {
        const r = await run(
          ctx,
          o,
          'coop_loan.restructure',
          { loan_id: o.loan, months: o.months, method: o.method },
          (tx, coopId, meta) =>
            restructureLoan(
              tx,
              coopId,
              integerOption('--loan', o.loan),
              {
                annualRate: parseAnnualRatePercent(o.annualRate, '--annual-rate'),
                months: integerOption('--months', o.months),
                method: methodOption(o.method),
                graceMonths: integerOption('--grace-months', o.graceMonths),
              },
              meta,
            ),
          (x) => ({ event_id: x.eventId }),
        );
        return {
          json: presentLoanEvent(r),
          text: done(
            r,
            `loan ${o.loan} restructured (schedule version ${r.scheduleVersion})`,
            `pinjaman ${o.loan} direstrukturisasi (jadwal versi ${r.scheduleVersion})`,
            o.key,
          ),
        };
      },
    ),
  );

  withJson(
    common(
      loan
        .command('write-off')
        .description('write off what is left of a member loan (expense 5200); an event')
        .requiredOption('--loan <id>', 'loan id'),
    ),
  ).action(
    action(async (ctx, o: Common & { loan: string }) => {
      const r = await run(
        ctx,
        o,
        'coop_loan.write_off',
        { loan_id: o.loan },
        (tx, coopId, meta) => writeOffLoan(tx, coopId, integerOption('--loan', o.loan), meta),
        (x) => ({ entry_id: x.entryId }),
      );
      return {
        json: presentPost(r),
        text: done(r, `loan ${o.loan} written off`, `pinjaman ${o.loan} dihapusbukukan`, o.key),
      };
    }),
  );

  withJson(
    common(
      loan
        .command('bank-receive')
        .description('record a bank loan to the cooperative (e.g. Himbara): cash ↑, bank loan 2200 ↑')
        .requiredOption('--lender <name>', 'bank')
        .requiredOption('--principal <rupiah>', 'whole rupiah')
        .requiredOption('--annual-rate <percent>', '6 means 6 % a year')
        .requiredOption('--months <n>', 'term in months')
        .requiredOption('--method <method>', LOAN_METHODS.join(' | '))
        .option('--grace-months <g>', 'interest-only months at the start', '0'),
    ),
  ).action(
    action(
      async (
        ctx,
        o: Common & {
          lender: string;
          principal: string;
          annualRate: string;
          months: string;
          method: string;
          graceMonths: string;
        },
      ) => {
        const r = await run(
          ctx,
          o,
          'coop_bank_loan.receive',
          { lender: o.lender, principal: o.principal },
          (tx, coopId, meta) =>
            receiveBankLoan(
              tx,
              coopId,
              {
                lender: o.lender,
                principal: rupiahOption('--principal', o.principal),
                annualRate: parseAnnualRatePercent(o.annualRate, '--annual-rate'),
                months: integerOption('--months', o.months),
                method: methodOption(o.method),
                graceMonths: integerOption('--grace-months', o.graceMonths),
              },
              meta,
            ),
          (x) => ({ entry_id: x.entryId, loan_id: x.loanId }),
        );
        return {
          json: { ...presentPost(r), loan_id: r.loanId },
          text: done(r, `bank loan ${r.loanId} recorded`, `pinjaman bank ${r.loanId} dicatat`, o.key),
        };
      },
    ),
  );
}
