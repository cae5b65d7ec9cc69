import { UserError } from '../../shared/errors.js';
import { unorderedKey } from '../evaluate.js';
import { readCsvText, tableFromCsv } from './csv-file.js';

const YES = new Set(['match', 'same', 'yes', 'y', '1', 'true', 'reviewed_match']);
const NO = new Set(['non_match', 'nonmatch', 'different', 'no', 'n', '0', 'false']);

/**
 * Clerical review decisions `left_id,right_id,decision` (match|non_match, also same/different, yes/no, 1/0),
 * keyed for the engine: "left|right" when linking, the unordered pair when deduplicating.
 */
export function readDecisions(path: string, unordered: boolean): Map<string, boolean> {
  const table = tableFromCsv(readCsvText(path), path, null);
  const l = table.columns.get('left_id');
  const r = table.columns.get('right_id');
  const d = table.columns.get('decision');
  if (!l || !r || !d)
    throw new UserError(
      `${path}: expected columns left_id,right_id,decision (found: ${table.headers.join(', ')})`,
    );
  const out = new Map<string, boolean>();
  for (let i = 0; i < l.length; i++) {
    const a = l[i];
    const b = r[i];
    const v = (d[i] ?? '').toLowerCase();
    if (!a || !b) throw new UserError(`${path}: row ${i + 2}: left_id and right_id are required`);
    if (!YES.has(v) && !NO.has(v))
      throw new UserError(`${path}: row ${i + 2}: decision "${d[i] ?? ''}" is not match or non_match`);
    out.set(unordered ? unorderedKey(a, b) : `${a}|${b}`, YES.has(v));
  }
  return out;
}
