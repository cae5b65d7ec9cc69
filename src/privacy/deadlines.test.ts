import { describe, expect, it } from 'vitest';
import { deadlineState, dueAt } from './deadlines.js';

describe('3×24-hour deadlines', () => {
  const received = new Date('2026-03-02T09:30:00Z');
  it('is due exactly 72 hours later, across a month end too', () => {
    expect(dueAt(received).toISOString()).toBe('2026-03-05T09:30:00.000Z');
    expect(dueAt(new Date('2026-02-27T23:00:00Z')).toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });
  it('counts whole hours left and flags overdue', () => {
    const due = dueAt(received);
    expect(deadlineState(due, null, new Date('2026-03-02T10:00:00Z'))).toEqual({
      overdue: false,
      hours_left: 71,
    });
    expect(deadlineState(due, null, new Date('2026-03-05T09:30:00Z'))).toEqual({
      overdue: false,
      hours_left: 0,
    });
    expect(deadlineState(due, null, new Date('2026-03-05T11:45:00Z'))).toEqual({
      overdue: true,
      hours_left: -2,
    });
  });
  it('judges resolved requests by when they were resolved', () => {
    const due = dueAt(received);
    expect(deadlineState(due, new Date('2026-03-04T00:00:00Z'), new Date('2026-04-01'))).toEqual({
      overdue: false,
      hours_left: null,
    });
    expect(deadlineState(due, new Date('2026-03-06T00:00:00Z'), new Date('2026-04-01'))).toEqual({
      overdue: true,
      hours_left: null,
    });
  });
});
