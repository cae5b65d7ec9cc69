import type { RuleReport } from '../../linkage/blocking.js';
import { tr } from '../lang.js';

/** One stderr line per blocking rule, shared by `entas link` on files and `entas link run` on the platform. */
export function reportBlocking(reports: RuleReport[]): void {
  for (const r of reports) {
    const outcome = r.skipped
      ? tr(`skipped (${r.pairs} pairs, too loose)`, `dilewati (${r.pairs} pasangan, terlalu longgar)`)
      : tr(`${r.pairs} pairs, ${r.new_pairs} new`, `${r.pairs} pasangan, ${r.new_pairs} baru`);
    process.stderr.write(`blocking [${r.rule.join(', ')}]: ${outcome}\n`);
  }
}

/** A progress line: the stage, its counts, and the seconds since the start. */
export function reportStage(started: number, stage: string, detail?: Record<string, number>): void {
  process.stderr.write(
    `${stage}${detail ? ' ' + JSON.stringify(detail) : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
