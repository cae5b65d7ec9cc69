/**
 * Choropleth classes by quantiles: `classes` groups holding about equally many regions. Breaks are the type-7
 * sample quantiles (linear interpolation, as R's default and numpy's); a value equal to a break falls into
 * the lower class. Regions without data have no class.
 */
export interface QuantileClasses {
  /** Upper bounds of classes 0..n-2 (the last class is open above). */
  breaks: number[];
  min: number;
  max: number;
}

export function quantileBreaks(values: readonly number[], classes: number): QuantileClasses {
  if (classes < 2) throw new Error('quantile classes: at least 2');
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { breaks: [], min: 0, max: 0 };
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) {
    const h = (sorted.length - 1) * (k / classes);
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    const q = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
    // Equal breaks (many ties) would make empty classes: keep each distinct bound once.
    // A break at the maximum would leave the top class empty too.
    if ((breaks.length === 0 || q > breaks[breaks.length - 1]!) && q < sorted[sorted.length - 1]!)
      breaks.push(q);
  }
  return { breaks, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The class (0-based) of one value. */
export function classOf(value: number, q: QuantileClasses): number {
  let k = 0;
  while (k < q.breaks.length && value > q.breaks[k]!) k++;
  return k;
}
