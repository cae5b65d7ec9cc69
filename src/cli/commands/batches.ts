import type { Command } from 'commander';
import { BatchRepository, revertBatch, type BatchSummary } from '../../intake/index.js';
import { say } from '../../shared/errors.js';
import { localOperator } from '../local-operator.js';
import { action, withJson } from '../command-runner.js';
import { t, userError } from '../lang.js';

/** Columns of the batch table: header (both languages), width, alignment and the cell of a batch. */
const COLUMNS: Array<{
  head: { en: string; id: string };
  width: number;
  right?: boolean;
  cell: (b: BatchSummary) => string;
}> = [
  { head: say('id', 'id'), width: 5, right: true, cell: (b) => String(b.id) },
  { head: say('source', 'sumber'), width: 12, cell: (b) => b.source },
  {
    head: say('period/date', 'periode/tanggal'),
    width: 15,
    cell: (b) => (b.program_code ? `${b.program_code} ${b.period}` : (b.snapshot_date ?? '')),
  },
  { head: say('accepted', 'diterima'), width: 9, right: true, cell: (b) => String(b.rows_accepted) },
  { head: say('rows', 'baris'), width: 9, right: true, cell: (b) => String(b.rows_total) },
  { head: say('rejected', 'ditolak'), width: 9, right: true, cell: (b) => String(b.rows_rejected) },
  {
    head: say('imported (UTC)', 'diimpor (UTC)'),
    width: 19,
    cell: (b) => b.created_at.toISOString().slice(0, 19).replace('T', ' '),
  },
  {
    head: say('status', 'status'),
    width: 10,
    cell: (b) => t(b.reverted_at ? say('reverted', 'dibatalkan') : say('imported', 'diimpor')),
  },
  { head: say('file', 'berkas'), width: 0, cell: (b) => b.file_name ?? '' },
];

const row = (cells: string[]) =>
  COLUMNS.map((c, i) => (c.right ? cells[i]!.padStart(c.width) : cells[i]!.padEnd(c.width)))
    .join('  ')
    .trimEnd();

/** The batch table with a header line, in the CLI's language. */
export function batchTable(batches: readonly BatchSummary[]): string {
  return [row(COLUMNS.map((c) => t(c.head))), ...batches.map((b) => row(COLUMNS.map((c) => c.cell(b))))].join(
    '\n',
  );
}

function batchId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0)
    throw userError(
      `invalid batch id "${text}": give a number from \`entas batches\``,
      `id batch "${text}" tidak sah: berikan nomor dari \`entas batches\``,
    );
  return id;
}

export function registerBatchCommands(program: Command): void {
  withJson(
    program
      .command('batches')
      .description('list imported batches with their row counts (newest first)')
      .option('--source <name>', 'only dtsen, bansos, cooperatives or members')
      .option('--limit <n>', 'at most this many', '100'),
  ).action(
    action(async (ctx, options: { source?: string; limit: string }) => {
      const list = await new BatchRepository((await ctx.database()).db).list({
        source: options.source,
        limit: Number(options.limit),
      });
      return {
        json: list,
        text: list.length
          ? batchTable(list)
          : t(say('no batches imported yet', 'belum ada batch yang diimpor')),
      };
    }),
  );
  const batch = program.command('batch').description('one imported batch: show or revert it');
  withJson(
    batch.command('show').argument('<id>', 'batch id').description('show a batch, its warnings and rows'),
  ).action(
    action(async (ctx, id: string) => {
      const detail = await new BatchRepository((await ctx.database()).db).get(batchId(id));
      const rows =
        Object.entries(detail.current_rows)
          .filter(([, n]) => n > 0)
          .map(([table, n]) => `${table} ${n}`)
          .join(', ') || t(say('none', 'tidak ada'));
      const text = [
        batchTable([detail]),
        `sha256 ${detail.content_hash ?? '-'}  ${t(say('by', 'oleh'))} ${detail.created_by ?? '-'}`,
        `${t(say('rows now carrying this batch', 'baris yang kini membawa batch ini'))}: ${rows}`,
        ...detail.warnings.map((w) => {
          const x = w as {
            code: string;
            count: number;
            message?: string;
            example?: { line: number; message: string };
          };
          const example = x.example
            ? `${t(say('e.g. line', 'mis. baris'))} ${x.example.line}: ${x.example.message}`
            : (x.message ?? '');
          return `${t(say('warning', 'peringatan'))} ${x.code} ×${x.count}: ${example}`;
        }),
      ].join('\n');
      return { json: detail, text };
    }),
  );
  withJson(
    batch
      .command('revert')
      .argument('<id>', 'batch id')
      .requiredOption('--reason <text>', 'why (required: kept in the audit log)')
      .description('remove what a batch added and restore what it updated (recorded in the audit log)'),
  ).action(
    action(async (ctx, id: string, options: { reason: string }) => {
      const reason = options.reason.trim();
      if (!reason)
        throw userError(
          '--reason must say why the batch is reverted (it is kept in the audit log)',
          '--reason harus menyebut alasan batch dibatalkan (disimpan di log audit)',
          'reason_required',
        );
      const result = await revertBatch(await ctx.database(), batchId(id), localOperator(ctx), reason);
      const changes = Object.entries(result.changes)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      return {
        json: result,
        text: t(
          say(
            `batch ${result.batch_id} reverted: ${changes}`,
            `batch ${result.batch_id} dibatalkan: ${changes}`,
          ),
        ),
      };
    }),
  );
}
