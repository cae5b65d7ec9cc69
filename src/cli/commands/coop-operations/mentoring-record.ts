import type { Command } from 'commander';
import { recordMentoringSession } from '../../../cooperatives/operations-service.js';
import { action, withJson } from '../../command-runner.js';
import { tr, userError } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { collect, change } from './shared.js';

/** `entas coop mentoring-record`: a mentoring session with findings and follow-ups due (audited). */
export function registerMentoringRecordCommand(coop: Command): void {
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
}
