/**
 * Which blocking rules the worker thread computes keys for (the main thread computes the others after
 * estimating u). Alternating shares the default rules' cost about evenly: the first (NIK) is nearly free, the
 * last combines three keys.
 */
export const workerComputesRule = (rule: number): boolean => rule % 2 === 1;
