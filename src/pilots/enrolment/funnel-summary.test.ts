import { describe, expect, it } from 'vitest';
import { funnelSummary } from './funnel-summary.js';

describe('funnelSummary', () => {
  it('counts each step reached, with its share of those identified, and the side exits now', () => {
    // 10 enrolments now: 3 identified, 2 contacted, 1 consented, 1 active, 2 declined, 1 withdrawn.
    // Entered (event log): contacted by 7 (2 + consented 1 + active 1 + declined 2 + withdrawn 1),
    // consented by 3 (1 + active 1 + withdrawn 1), registered 2, paid_pokok 1, active 1.
    const now = [
      { state: 'identified', n: '3' },
      { state: 'contacted', n: '2' },
      { state: 'consented', n: '1' },
      { state: 'active', n: '1' },
      { state: 'declined', n: '2' },
      { state: 'withdrawn', n: '1' },
    ];
    const entered = [
      { state: 'identified', n: '10' },
      { state: 'contacted', n: '7' },
      { state: 'consented', n: '3' },
      { state: 'registered', n: '2' },
      { state: 'paid_pokok', n: '1' },
      { state: 'active', n: '1' },
      { state: 'declined', n: '2' },
      { state: 'withdrawn', n: '1' },
    ];
    const s = funnelSummary(now, entered);
    expect(s.total).toBe(10);
    expect(s.steps.map((x) => [x.state, x.reached, x.now, x.share])).toEqual([
      ['identified', 10, 3, 1],
      ['contacted', 7, 2, 0.7],
      ['consented', 3, 1, 0.3],
      ['registered', 2, 0, 0.2],
      ['paid_pokok', 1, 0, 0.1],
      ['active', 1, 1, 0.1],
    ]);
    expect(s.exits).toEqual([
      { state: 'declined', now: 2 },
      { state: 'unreachable', now: 0 },
      { state: 'ineligible', now: 0 },
      { state: 'withdrawn', now: 1 },
    ]);
  });

  it('an empty funnel has no shares', () => {
    const s = funnelSummary([], []);
    expect(s.total).toBe(0);
    expect(s.steps.every((x) => x.reached === 0 && x.share === null)).toBe(true);
  });

  it('a state held now counts as reached even without its event', () => {
    const s = funnelSummary([{ state: 'contacted', n: 4 }], []);
    expect(s.steps[1]).toEqual({ state: 'contacted', reached: 4, now: 4, share: 1 });
  });
});
