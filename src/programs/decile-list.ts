import { UserError } from '../shared/errors.js';

/** Parses "1-4", "1,2,3,5" or "1-3,5" into sorted unique deciles 1–10; names the bad part otherwise. */
export function parseDecileList(text: string): number[] {
  const result = new Set<number>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const range = /^(\d{1,2})\s*-\s*(\d{1,2})$/.exec(part);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : [Number(part), Number(part)];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 10 || from > to) {
      throw new UserError(
        `invalid decile list "${text}": "${part}" is not a decile (1–10) or range like 1-4`,
      );
    }
    for (let d = from; d <= to; d++) result.add(d);
  }
  if (result.size === 0) throw new UserError(`invalid decile list "${text}": no deciles given`);
  return [...result].sort((a, b) => a - b);
}
