import type { Bilingual } from '../shared/errors.js';
import { lang, t } from './lang.js';

/**
 * Progress for long jobs, on stderr so stdout's last line stays the JSON result: a self-rewriting line with
 * rows/s and ETA on a terminal, one JSON object per line otherwise (for other programs and logs).
 */
export interface Progress {
  /** Reports `done` units out of `total` (total may be unknown). Throttled internally. */
  update(done: number, total?: number): void;
  finish(done: number): void;
}

export interface ProgressOptions {
  /** Machine name of the job, in the JSON lines (e.g. "simulate"). */
  label: string;
  /** What a person reads on a terminal in the CLI's language (lang.ts); the label when not given. */
  title?: Bilingual;
  unit?: string | Bilingual;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
  silent?: boolean;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const unitText = options.unit ?? { en: 'rows', id: 'baris' };
  const unit = typeof unitText === 'string' ? unitText : t(unitText);
  const title = options.title ? t(options.title) : options.label;
  // Indonesian groups thousands with a dot (20.000), English with a comma (20,000).
  const locale = lang();
  const eta = lang() === 'id' ? 'sisa' : 'ETA';
  const interval = options.intervalMs ?? progressIntervalFromEnv() ?? (stream.isTTY ? 250 : 2000);
  const started = performance.now();
  let last = 0;
  const render = (done: number, total: number | undefined, final: boolean) => {
    if (options.silent) return;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = total && rate > 0 ? Math.max(0, (total - done) / rate) : undefined;
    if (stream.isTTY) {
      const pct = total
        ? ` ${((100 * done) / total).toLocaleString(locale, { maximumFractionDigits: 1 })}%`
        : '';
      const etaText = left !== undefined && !final ? ` ${eta} ${formatDuration(left)}` : '';
      stream.write(
        `\r${title}: ${done.toLocaleString(locale)}${total ? '/' + total.toLocaleString(locale) : ''} ${unit}${pct} ` +
          `${Math.round(rate).toLocaleString(locale)} ${unit}/${lang() === 'id' ? 'dtk' : 's'}${etaText}${final ? '\n' : '\x1b[K'}`,
      );
    } else {
      stream.write(
        JSON.stringify({
          progress: options.label,
          done,
          total: total ?? null,
          rate_per_s: Math.round(rate),
          eta_s: left === undefined ? null : Math.round(left),
          final,
        }) + '\n',
      );
    }
  };
  return {
    update(done, total) {
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      render(done, total, false);
    },
    finish(done) {
      render(done, undefined, true);
    },
  };
}

/** `ENTAS_PROGRESS_MS` sets how often progress is written (log collectors may want more or fewer lines). */
function progressIntervalFromEnv(): number | undefined {
  const raw = process.env.ENTAS_PROGRESS_MS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`ENTAS_PROGRESS_MS must be a whole number of milliseconds, got "${raw}"`);
  return ms;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${Math.round(seconds % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
