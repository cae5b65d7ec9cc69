import type { Tx } from '../../db/database.js';
import type { FieldIssue } from '../profiles/profile.js';
import { rows, sql } from './sql-run.js';

export const REJECTS_TABLE = 'intake_rejects';
/** Columns of a rejected row's problem, in COPY order; `seq` keeps a row's problems in the order found. */
export const REJECTS_COLUMNS = ['line', 'seq', 'field', 'value', 'code', 'message', 'message_id'] as const;

/**
 * The problems of one batch's rejected rows, in a temporary table: rows rejected while reading (streamed in
 * by COPY) and rows rejected by the checks over the whole file (duplicates), written to the rejects CSV in
 * line order at the end. Keeps rejects out of process memory whatever their number.
 */
export async function createRejectsTable(tx: Tx): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE ${REJECTS_TABLE} (line integer NOT NULL, seq integer NOT NULL,
    field text NOT NULL, value text, code text NOT NULL, message text NOT NULL, message_id text NOT NULL)
    ON COMMIT DROP`);
}

/** Loads the rows rejected while reading (COPY lines in REJECTS_COLUMNS order). */
export async function copyRejects(tx: Tx, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  await tx.copyFrom(REJECTS_TABLE, REJECTS_COLUMNS, lines);
}

const PAGE = 5_000;

/** The rejected rows in line order with their problems, read page by page. */
export async function* rejectedRows(tx: Tx): AsyncGenerator<{ line: number; errors: FieldIssue[] }> {
  await tx.exec(`CREATE INDEX ON ${REJECTS_TABLE} (line, seq)`);
  let after = { line: -1, seq: -1 };
  let pending: { line: number; errors: FieldIssue[] } | undefined;
  for (;;) {
    const page = await rows(
      tx,
      sql<FieldIssue & { line: number; seq: number }>`SELECT line, seq, field, coalesce(value, '') AS value,
          code, message, message_id
        FROM intake_rejects WHERE (line, seq) > (${after.line}, ${after.seq}) ORDER BY line, seq LIMIT ${PAGE}`,
    );
    for (const r of page) {
      const problem: FieldIssue = {
        field: r.field,
        value: r.value,
        code: r.code,
        message: r.message,
        message_id: r.message_id,
      };
      if (pending && pending.line === r.line) pending.errors.push(problem);
      else {
        if (pending) yield pending;
        pending = { line: r.line, errors: [problem] };
      }
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { line: last.line, seq: last.seq };
  }
  if (pending) yield pending;
}
