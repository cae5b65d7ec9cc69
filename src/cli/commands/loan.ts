import type { Command } from 'commander';
import { parseCalendarDate } from '../../cooperatives/finance/due-dates.js';
import { parseAnnualRatePercent } from '../../cooperatives/finance/exact-rate.js';
import { LOAN_METHODS, loanSchedule, type LoanMethod } from '../../cooperatives/finance/loan-schedule.js';
import { say, UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { integerOption } from '../option-values.js';
import { registerLoanBookCommands } from './loan-books.js';

interface ScheduleOptions {
  principal: string;
  annualRate: string;
  months: string;
  method: string;
  graceMonths: string;
  start?: string;
}

export function registerLoanCommands(program: Command): void {
  const loan = program
    .command('loan')
    .description(
      'cooperative loans (pinjaman): schedules, disbursing, repaying, restructuring, write-off, bank loans',
    );
  registerLoanBookCommands(loan);
  withJson(
    loan
      .command('schedule')
      .description('repayment schedule in whole rupiah (rules: docs/FINANCE.md); no database needed')
      .requiredOption('--principal <rupiah>', 'amount lent, whole rupiah without separators, e.g. 10000000')
      .requiredOption('--annual-rate <percent>', 'yearly interest rate in percent: 12 means 12 % a year')
      .requiredOption('--months <n>', 'term in months, grace months included')
      .requiredOption('--method <method>', `${LOAN_METHODS.join(' | ')}`)
      .option('--grace-months <g>', 'interest-only months at the start, within the term', '0')
      .option(
        '--start <date>',
        'disbursement date YYYY-MM-DD; installment n is due n months later (default: today, UTC)',
      ),
  ).action(
    action((_ctx, options: ScheduleOptions) => {
      if (!/^\d{1,16}$/.test(options.principal.trim()))
        throw new UserError(
          say(
            `--principal must be whole rupiah without separators, e.g. 10000000 (got "${options.principal}")`,
            `--principal harus rupiah bulat tanpa pemisah ribuan, mis. 10000000 (diberikan "${options.principal}")`,
          ),
          'invalid_option',
        );
      const rate = parseAnnualRatePercent(options.annualRate);
      const startText = options.start ?? new Date().toISOString().slice(0, 10);
      const principal = BigInt(options.principal.trim());
      const graceMonths = integerOption('--grace-months', options.graceMonths);
      const schedule = loanSchedule({
        principal,
        annualRate: rate,
        months: integerOption('--months', options.months),
        method: options.method as LoanMethod,
        graceMonths,
        start: parseCalendarDate(startText),
      });
      const json = {
        principal: rupiah(principal),
        annual_rate_percent: rate.percent,
        months: schedule.installments.length,
        method: options.method,
        grace_months: graceMonths,
        start: startText,
        installments: schedule.installments.map((i) => ({
          n: i.n,
          due_date: i.due_date,
          principal: rupiah(i.principal),
          interest: rupiah(i.interest),
          payment: rupiah(i.payment),
          balance: rupiah(i.balance),
        })),
        total_interest: rupiah(schedule.total_interest),
        total_payment: rupiah(schedule.total_payment),
      };
      return Promise.resolve({ json, text: scheduleText(json) });
    }),
  );
}

/** Amounts go out as JSON integers; refuse (rather than round) any beyond exact double range. */
function rupiah(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER))
    throw new UserError(
      say(
        `an amount of the schedule (Rp${amount}) is too large to print exactly; lend less or for a shorter term`,
        `sebuah jumlah dalam jadwal (Rp${amount}) terlalu besar untuk dicetak tepat; kurangi pinjaman atau jangka waktu`,
      ),
      'invalid_option',
    );
  return Number(amount);
}

/** The `--json` result of `entas loan schedule`. */
export interface ScheduleJson {
  installments: {
    n: number;
    due_date: string;
    principal: number;
    interest: number;
    payment: number;
    balance: number;
  }[];
  total_interest: number;
  total_payment: number;
}

function scheduleText(json: ScheduleJson): string {
  const money = (n: number) => n.toLocaleString('en-US').padStart(16);
  const header = `${'n'.padStart(4)}  ${'due_date'.padEnd(10)}${['principal', 'interest', 'payment', 'balance'].map((h) => h.padStart(16)).join('')}`;
  const rows = json.installments.map(
    (i) =>
      `${String(i.n).padStart(4)}  ${i.due_date}${money(i.principal)}${money(i.interest)}${money(i.payment)}${money(i.balance)}`,
  );
  return [
    header,
    ...rows,
    `total interest ${money(json.total_interest).trim()}, total payment ${money(json.total_payment).trim()}`,
  ].join('\n');
}
