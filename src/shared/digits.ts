/**
 * The number written by `count` ASCII digits of `text` from `at` (the caller has checked they are digits):
 * no substring, no Number() parse — NIK parts and dates are read this way millions of times per import.
 */
export function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}
