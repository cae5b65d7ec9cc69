import type { Command } from 'commander';
import { cooperativeTrialBalance, loanPortfolio, shuReport } from '../../cooperatives/coop-reports.js';
import { SAVINGS_PRODUCTS, type SavingsProduct } from '../../cooperatives/ledger/chart.js';
import { configureSavings, postSavings } from '../../cooperatives/savings-service.js';
import { openBooks } from '../../cooperatives/storage/ledger-repository.js';
import {
  presentPortfolio,
  presentPost,
  presentTrialBalance,
  rupiahOut,
} from '../../server/presenters/coop-ledger.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';
import { auditCoopChange, auditCoopRead, coopBooks } from '../coop-audit.js';
import { integerOption } from '../option-values.js';
import { registerCoopOperationCommands, registerCoopReportCommands } from './coop-operations/index.js';

function rupiahOption(flag: string, value: string): bigint {
  if (!/^\d{1,16}$/.test(value.trim()))
    throw userError(
      `${flag} must be whole rupiah without separators, e.g. 20000 (got "${value}")`,
      `${flag} harus rupiah bulat tanpa pemisah ribuan, mis. 20000 (diberikan "${value}")`,
    );
  return BigInt(value.trim());
}

const rp = (n: number) => `Rp${n.toLocaleString('id-ID')}`;

export function registerCoopCommands(program: Command): void {
  const coop = program
    .command('coop')
    .description('cooperative books: savings, loans, trial balance, SHU (docs/FINANCE.md)');

  withJson(
    coop
      .command('configure-savings')
      .description('set the simpanan pokok and wajib amounts of a cooperative')
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--pokok <rupiah>', 'simpanan pokok, once per member')
      .requiredOption('--wajib <rupiah>', 'simpanan wajib, per month')
      .requiredOption('--wajib-from <YYYY-MM>', 'first month wajib is due'),
  ).action(
    action(async (ctx, o: { coop: string; pokok: string; wajib: string; wajibFrom: string }) => {
      const database = await ctx.database();
      const coopId = integerOption('--coop', o.coop);
      await database.transaction(async (tx) => {
        const books = await configureSavings(tx, coopId, {
          pokok: rupiahOption('--pokok', o.pokok),
          wajib: rupiahOption('--wajib', o.wajib),
          wajibFrom: o.wajibFrom,
        });
        await auditCoopChange(ctx, tx, books, 'coop_savings.configure', {
          pokok: o.pokok,
          wajib: o.wajib,
          wajib_from: o.wajibFrom,
        });
      });
      return {
        json: {
          cooperative_id: coopId,
          pokok: Number(o.pokok),
          wajib: Number(o.wajib),
          wajib_from: o.wajibFrom,
        },
        text: tr('savings configured', 'konfigurasi simpanan disimpan'),
      };
    }),
  );

  withJson(
    coop
      .command('savings')
      .description('post a savings deposit or withdrawal (idempotent by --key; audited)')
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--member <id>', 'member id')
      .requiredOption('--kind <kind>', 'deposit | withdraw')
      .requiredOption('--product <product>', SAVINGS_PRODUCTS.join(' | '))
      .requiredOption('--amount <rupiah>', 'whole rupiah')
      .requiredOption('--date <YYYY-MM-DD>', 'posting date')
      .requiredOption(
        '--key <idempotency-key>',
        'unique per posting: a retry with the same key posts nothing new',
      )
      .option('--period <YYYY-MM>', 'month paid, for wajib'),
  ).action(
    action(
      async (
        ctx,
        o: {
          coop: string;
          member: string;
          kind: string;
          product: string;
          amount: string;
          date: string;
          key: string;
          period?: string;
        },
      ) => {
        if (o.kind !== 'deposit' && o.kind !== 'withdraw')
          throw userError(
            `--kind must be deposit or withdraw, got "${o.kind}"`,
            `--kind harus deposit atau withdraw, diberikan "${o.kind}"`,
          );
        if (!(SAVINGS_PRODUCTS as readonly string[]).includes(o.product))
          throw userError(
            `--product must be one of ${SAVINGS_PRODUCTS.join(', ')}`,
            `--product harus salah satu dari ${SAVINGS_PRODUCTS.join(', ')}`,
          );
        const database = await ctx.database();
        const coopId = integerOption('--coop', o.coop);
        const amount = rupiahOption('--amount', o.amount);
        const result = await database.transaction(async (tx) => {
          const r = await postSavings(
            tx,
            coopId,
            {
              kind: o.kind as 'deposit',
              product: o.product as SavingsProduct,
              memberId: integerOption('--member', o.member),
              amount,
              period: o.period ?? null,
            },
            { date: o.date, idempotencyKey: o.key, postedBy: ctx.actor },
          );
          const books = await openBooks(tx, coopId);
          await auditCoopChange(ctx, tx, books, `coop_savings.${o.kind}`, {
            idempotency_key: o.key,
            entry_id: r.entryId,
            replayed: r.replayed,
            amount: o.amount,
            product: o.product,
          });
          return r;
        });
        return {
          json: presentPost(result),
          text: result.replayed
            ? tr(
                `already posted as entry ${result.entryId} (key ${o.key}): nothing new`,
                `sudah diposting sebagai jurnal ${result.entryId} (kunci ${o.key}): tidak ada yang baru`,
              )
            : tr(`posted entry ${result.entryId}`, `jurnal ${result.entryId} diposting`),
        };
      },
    ),
  );

  withJson(
    coop
      .command('trial-balance')
      .description('trial balance of a cooperative (neraca saldo)')
      .requiredOption('--coop <id>', 'cooperative id'),
  ).action(
    action(async (ctx, o: { coop: string }) => {
      const { database, books } = await coopBooks(ctx, o.coop);
      const tb = presentTrialBalance(await cooperativeTrialBalance(database.db, books));
      const text = [
        ...tb.rows.map(
          (r) => `${r.account}  ${r.name.padEnd(32)}${rp(r.debit).padStart(20)}${rp(r.credit).padStart(20)}`,
        ),
        `${tr('total', 'jumlah').padEnd(38)}${rp(tb.total_debit).padStart(20)}${rp(tb.total_credit).padStart(20)}`,
      ].join('\n');
      return { json: tb, text };
    }),
  );

  withJson(
    coop
      .command('portfolio')
      .description('loan portfolio: arrears, days past due, PAR30, PAR90')
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--as-of <YYYY-MM-DD>', 'default today'),
  ).action(
    action(async (ctx, o: { coop: string; asOf?: string }) => {
      const { database, books } = await coopBooks(ctx, o.coop);
      const p = presentPortfolio(
        await loanPortfolio(database.db, books, o.asOf ?? new Date().toISOString().slice(0, 10)),
      );
      await auditCoopRead(ctx, database, books, 'coop_loans.list', { returned: p.loans.length });
      return {
        json: p,
        text: tr(
          `${p.loans.length} loans, outstanding ${rp(p.outstanding)}; PAR30 ${p.par30.percent} %, PAR90 ${p.par90.percent} %`,
          `${p.loans.length} pinjaman, sisa pokok ${rp(p.outstanding)}; PAR30 ${p.par30.percent} %, PAR90 ${p.par90.percent} %`,
        ),
      };
    }),
  );

  withJson(
    coop
      .command('shu')
      .description("SHU of a year split with the RAT's parameters (percent; they must add up to 100)")
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--year <yyyy>', 'financial year')
      .requiredOption('--reserve <percent>', 'cadangan')
      .requiredOption(
        '--jasa-usaha <percent>',
        'split by members’ transactions (interest and penalties paid)',
      )
      .requiredOption('--jasa-modal <percent>', 'split by members’ savings at year end')
      .option('--other <name=percent...>', 'other funds, e.g. pengurus=10 pendidikan=5', []),
  ).action(
    action(
      async (
        ctx,
        o: {
          coop: string;
          year: string;
          reserve: string;
          jasaUsaha: string;
          jasaModal: string;
          other: string[];
        },
      ) => {
        const { database, books } = await coopBooks(ctx, o.coop);
        const others = o.other.map((x) => {
          const [name, percent] = x.split('=');
          if (!name || percent === undefined)
            throw userError(
              `--other expects name=percent, got "${x}"`,
              `--other memerlukan nama=persen, diberikan "${x}"`,
            );
          return { name, percent };
        });
        const shu = await shuReport(database, books, integerOption('--year', o.year), {
          reserve: o.reserve,
          jasaUsaha: o.jasaUsaha,
          jasaModal: o.jasaModal,
          others,
        });
        const json = {
          year: shu.year,
          shu: rupiahOut(shu.shu),
          pools: shu.pools.map((x) => ({ name: x.name, percent: x.percent, amount: rupiahOut(x.amount) })),
          members: shu.members.map((m) => ({
            member_id: m.member_id,
            jasa_usaha: rupiahOut(m.jasa_usaha),
            jasa_modal: rupiahOut(m.jasa_modal),
            total: rupiahOut(m.total),
          })),
          remainder: rupiahOut(shu.remainder),
        };
        return {
          json,
          text: [
            tr(`SHU ${shu.year}: ${rp(json.shu)}`, `SHU ${shu.year}: ${rp(json.shu)}`),
            ...json.pools.map(
              (x) => `  ${x.name.padEnd(14)}${x.percent.padStart(6)} %${rp(x.amount).padStart(20)}`,
            ),
            tr(`remainder from rounding: ${rp(json.remainder)}`, `sisa pembulatan: ${rp(json.remainder)}`),
          ].join('\n'),
        };
      },
    ),
  );

  registerCoopOperationCommands(coop);
  registerCoopReportCommands(coop);
}
