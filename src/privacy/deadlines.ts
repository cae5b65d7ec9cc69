/** UU 27/2022: data-subject requests and breach notifications are due within 3 × 24 hours. */
export const STATUTORY_HOURS = 72;

export function dueAt(from: Date, hours = STATUTORY_HOURS): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

export interface DeadlineState {
  overdue: boolean;
  /** Whole hours left (negative when overdue), rounded towards the deadline; null once resolved. */
  hours_left: number | null;
}

export function deadlineState(due: Date, resolvedAt: Date | null, now: Date): DeadlineState {
  if (resolvedAt) return { overdue: resolvedAt > due, hours_left: null };
  const hours = (due.getTime() - now.getTime()) / 3_600_000;
  return { overdue: hours < 0, hours_left: hours >= 0 ? Math.floor(hours) : Math.ceil(hours) };
}
