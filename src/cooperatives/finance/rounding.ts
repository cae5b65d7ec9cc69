/** Whole-rupiah rounding of exact quotients (money is integer rupiah; see docs/FINANCE.md). */

/** a / b rounded half up (0.5 → 1) for a ≥ 0, b > 0. */
export function divideRoundHalfUp(a: bigint, b: bigint): bigint {
  if (a < 0n || b <= 0n) throw new RangeError(`divideRoundHalfUp needs a ≥ 0 and b > 0 (got ${a}/${b})`);
  return (2n * a + b) / (2n * b);
}
