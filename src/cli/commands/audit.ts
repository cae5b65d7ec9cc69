import type { Command } from 'commander';
import { checkpointAuditLog, verifyAuditChain } from '../../audit/audit-log.js';
import { action, withJson } from '../command-runner.js';
import { tr } from '../lang.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  withJson(
    audit
      .command('verify')
      .description(
        'recompute the hash chain and check the signed checkpoints; exit 1 and name the first broken entry',
      ),
  ).action(
    action(async (ctx) => {
      const result = await verifyAuditChain((await ctx.database()).db);
      return {
        json: result,
        text: result.ok
          ? tr(
              `audit log intact: ${result.entries} entries, ${result.checkpoints} signed checkpoints ` +
                `(${result.unsigned_entries} entries after the newest)`,
              `log audit utuh: ${result.entries} entri, ${result.checkpoints} titik periksa bertanda tangan ` +
                `(${result.unsigned_entries} entri setelah yang terbaru)`,
            )
          : tr(
              `audit log BROKEN at entry ${result.first_broken?.id}: ${result.first_broken?.reason}`,
              `log audit RUSAK pada entri ${result.first_broken?.id}: ${result.first_broken?.reason}`,
            ),
        exitCode: result.ok ? 0 : 1,
      };
    }),
  );
  withJson(
    audit
      .command('checkpoint')
      .description('sign a checkpoint of the log as it is now (entries are also checkpointed automatically)'),
  ).action(
    action(async (ctx) => {
      const checkpoint = await (await ctx.database()).transaction((tx) => checkpointAuditLog(tx));
      return {
        json: checkpoint ?? null,
        text: checkpoint
          ? tr(
              `checkpoint signed: ${checkpoint.entry_count} entries, head ${checkpoint.head_hash}`,
              `titik periksa ditandatangani: ${checkpoint.entry_count} entri, kepala ${checkpoint.head_hash}`,
            )
          : tr('the audit log is empty: nothing to sign', 'log audit kosong: tidak ada yang ditandatangani'),
      };
    }),
  );
}
