import type { Command } from 'commander';
import { mentoringSessions } from '../../../cooperatives/operations-service.js';
import { presentSessions } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { auditCoopRead, coopBooks } from '../../coop-audit.js';

/** `entas coop mentoring`: the sessions with their follow-ups (audited: names attendees). */
export function registerMentoringCommand(coop: Command): void {
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
}
