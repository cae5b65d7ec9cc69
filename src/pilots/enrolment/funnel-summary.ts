/**
 * The enrolment funnel in one region or pilot, as the overview shows it: for each step of the main path how many
 * enrolments reached it (and its share of those identified), and how many now sit in each side exit. Pure: the
 * counts come from EnrolmentRepository.funnelCounts.
 */
import { FUNNEL_EXITS, FUNNEL_STATES, FUNNEL_STEPS, type FunnelState } from './funnel.js';

export interface FunnelSummary {
  /** Enrolments in the funnel (every one was identified). */
  total: number;
  steps: { state: (typeof FUNNEL_STEPS)[number]; reached: number; now: number; share: number | null }[];
  exits: { state: (typeof FUNNEL_EXITS)[number]; now: number }[];
}

export function funnelSummary(
  now: readonly { state: string; n: number | string }[],
  entered: readonly { state: string; n: number | string }[],
): FunnelSummary {
  const count = (rows: readonly { state: string; n: number | string }[], state: FunnelState) =>
    Number(rows.find((r) => r.state === state)?.n ?? 0);
  const total = FUNNEL_STATES.reduce((sum, s) => sum + count(now, s), 0);
  const steps = FUNNEL_STEPS.map((state) => {
    // Everyone was identified; a later step counts those who ever entered it, even if they left it since.
    const reached = state === 'identified' ? total : Math.max(count(entered, state), count(now, state));
    return { state, reached, now: count(now, state), share: total === 0 ? null : reached / total };
  });
  return { total, steps, exits: FUNNEL_EXITS.map((state) => ({ state, now: count(now, state) })) };
}
