import { formatNumber, type Lang } from '../format.js';

export interface Coefficient {
  label: string;
  estimate: number;
  low: number;
  high: number;
}

const ROW = 34;
const LEFT = 190;
const RIGHT = 24;
const WIDTH = 640;
const AXIS = 34;

/** About five round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/**
 * A coefficient plot drawn as SVG (no chart library for a few dots and lines): one row per estimate, the dot at
 * the estimate, the line across its 95% interval, and a vertical line at zero (no effect). It is a picture for
 * sighted users; the page shows the same figures in a table.
 */
export function CoefficientPlot({ rows, label, lang }: { rows: Coefficient[]; label: string; lang: Lang }) {
  if (rows.length === 0) return null;
  const lo = Math.min(0, ...rows.map((r) => r.low));
  const hi = Math.max(0, ...rows.map((r) => r.high));
  const pad = (hi - lo) * 0.05 || 0.1;
  const axis = ticks(lo - pad, hi + pad);
  const min = Math.min(lo - pad, axis[0] ?? lo);
  const max = Math.max(hi + pad, axis.at(-1) ?? hi);
  const x = (v: number) => LEFT + ((v - min) / (max - min)) * (WIDTH - LEFT - RIGHT);
  const height = rows.length * ROW + AXIS;
  const digits = max - min < 0.5 ? 2 : 1;
  return (
    <svg
      className="coef-plot"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={label}
      data-testid="coefficient-plot"
    >
      {axis.map((v) => (
        <g key={v}>
          <line x1={x(v)} x2={x(v)} y1={0} y2={rows.length * ROW} stroke="#e0e0e0" />
          <text x={x(v)} y={rows.length * ROW + 20} textAnchor="middle" fontSize="13" fill="#333">
            {formatNumber(v, lang, digits)}
          </text>
        </g>
      ))}
      <line x1={x(0)} x2={x(0)} y1={0} y2={rows.length * ROW} stroke="#555" strokeDasharray="4 3" />
      {rows.map((r, i) => {
        const y = i * ROW + ROW / 2;
        return (
          <g key={r.label}>
            <text x={LEFT - 10} y={y + 5} textAnchor="end" fontSize="13" fill="#222">
              {r.label}
            </text>
            <line x1={x(r.low)} x2={x(r.high)} y1={y} y2={y} stroke="#1d5fa8" strokeWidth="3" />
            <circle cx={x(r.estimate)} cy={y} r="6" fill="#1d5fa8" />
          </g>
        );
      })}
    </svg>
  );
}
