/** A long panel (one row per unit and period) from a text table, for the staggered-adoption estimator. */
import { say, UserError } from '../shared/errors.js';
import { isMissing, type TextTable } from './design.js';
import type { PanelRows } from './staggered.js';

export interface PanelColumns {
  unit: string;
  time: string;
  /** First treated period; 0, empty or NA = never treated. */
  group: string;
  outcome: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

export function panelFromTable(table: TextTable, columns: PanelColumns): PanelRows {
  const get = (name: string) => {
    const values = table.columns.get(name.toLowerCase());
    if (!values)
      throw new UserError(
        say(
          `${table.source}: no column "${name}"; found: ${table.headers.join(', ')}`,
          `${table.source}: tidak ada kolom "${name}"; yang ada: ${table.headers.join(', ')}`,
        ),
        'missing_column',
      );
    return values;
  };
  const unit = get(columns.unit);
  const time = get(columns.time);
  const group = get(columns.group);
  const y = get(columns.outcome);
  const bad = (r: number, name: string, v: string, what: { en: string; id: string }): never => {
    throw new UserError(
      say(
        `${table.source}: row ${r + 2}: column "${name}" is not ${what.en} ("${v}")`,
        `${table.source}: baris ${r + 2}: kolom "${name}" bukan ${what.id} ("${v}")`,
      ),
      'not_a_number',
    );
  };
  const integer = { en: 'a whole number', id: 'bilangan bulat' };
  const out: { unit: string[]; time: number[]; group: (number | null)[]; y: number[]; row: number[] } = {
    unit: [],
    time: [],
    group: [],
    y: [],
    row: [],
  };
  for (let r = 0; r < unit.length; r++) {
    const [u, t, g, v] = [unit[r], time[r], group[r], y[r]];
    if (isMissing(u) || isMissing(t))
      throw new UserError(
        say(
          `${table.source}: row ${r + 2}: the unit and period must be given`,
          `${table.source}: baris ${r + 2}: unit dan periode harus diisi`,
        ),
        'missing_value',
      );
    if (!INTEGER.test(t!)) bad(r, columns.time, t!, integer);
    if (!isMissing(g) && !INTEGER.test(g!)) bad(r, columns.group, g!, integer);
    if (isMissing(v)) continue; // a gap: the panel check names the unit and period
    if (!NUMBER.test(v!)) bad(r, columns.outcome, v!, { en: 'a number', id: 'angka' });
    out.unit.push(u!);
    out.time.push(Number(t));
    out.group.push(isMissing(g) ? null : Number(g));
    out.y.push(Number(v));
    out.row.push(r + 2);
  }
  return { source: table.source, ...out };
}
