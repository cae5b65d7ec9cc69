import type { Command } from 'commander';
import { BatchRepository, revertBatch, type BatchSummary } from '../../intake/index.js';
import { UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';

const line = (b: BatchSummary) =>
  `${String(b.id).padStart(5)}  ${b.source.padEnd(12)} ${(b.program_code ? `${b.program_code} ${b.period}` : (b.snapshot_date ?? '')).padEnd(14)} ` +
  `${String(b.rows_accepted).padStart(9)}/${String(b.rows_total).padEnd(9)} rejected ${String(b.rows_rejected).padEnd(7)} ` +
  `${b.created_at.toISOString().slice(0, 19)}  ${b.reverted_at ? 'REVERTED ' : ''}${b.file_name ?? ''}`;

function batchId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0)
    throw new UserError(`invalid batch id "${text}": give a number from \`entas batches\``);
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
      return { json: list, text: list.length ? list.map(line).join('\n') : 'no batches imported yet' };
    }),
  );
  const batch = program.command('batch').description('one imported batch: show or revert it');
  withJson(
    batch.command('show').argument('<id>', 'batch id').description('show a batch, its warnings and rows'),
  ).action(
    action(async (ctx, id: string) => {
      const detail = await new BatchRepository((await ctx.database()).db).get(batchId(id));
      const text = [
        line(detail),
        `sha256 ${detail.content_hash ?? '-'}  by ${detail.created_by ?? '-'}`,
        `rows now carrying this batch: ${
          Object.entries(detail.current_rows)
            .filter(([, n]) => n > 0)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ') || 'none'
        }`,
        ...detail.warnings.map((w) => {
          const x = w as {
            code: string;
            count: number;
            message?: string;
            example?: { line: number; message: string };
          };
          return `warning ${x.code} ×${x.count}: ${x.example ? `e.g. line ${x.example.line}: ${x.example.message}` : (x.message ?? '')}`;
        }),
      ].join('\n');
      return { json: detail, text };
    }),
  );
  withJson(
    batch
      .command('revert')
      .argument('<id>', 'batch id')
      .option('--reason <text>', 'why (kept in the audit log)')
      .description('remove what a batch added and restore what it updated (recorded in the audit log)'),
  ).action(
    action(async (ctx, id: string, options: { reason?: string }) => {
      const result = await revertBatch(await ctx.database(), batchId(id), ctx.actor, options.reason);
      return {
        json: result,
        text: `batch ${result.batch_id} reverted: ${Object.entries(result.changes)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      };
    }),
  );
}
