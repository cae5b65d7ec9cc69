import { describe, expect, it } from 'vitest';
import { checkTransition, FUNNEL_STATES, NEEDS_CONSENT, TRANSITIONS, type FunnelState } from './funnel.js';

/** The funnel, written out independently of TRANSITIONS: every pair not listed must be refused. */
const EXPECTED: [FunnelState, FunnelState][] = [
  ['identified', 'contacted'],
  ['identified', 'unreachable'],
  ['identified', 'ineligible'],
  ['contacted', 'consented'],
  ['contacted', 'declined'],
  ['contacted', 'unreachable'],
  ['contacted', 'ineligible'],
  ['unreachable', 'contacted'],
  ['unreachable', 'ineligible'],
  ['declined', 'contacted'],
  ['consented', 'registered'],
  ['consented', 'withdrawn'],
  ['consented', 'ineligible'],
  ['registered', 'paid_pokok'],
  ['registered', 'withdrawn'],
  ['paid_pokok', 'active'],
  ['paid_pokok', 'withdrawn'],
  ['active', 'withdrawn'],
  ['withdrawn', 'consented'],
];
const allowed = new Set(EXPECTED.map(([a, b]) => `${a}>${b}`));
const open = { hasConsent: true, clusterOpen: true };

describe('enrolment funnel', () => {
  it('lists the issue states once each', () => {
    expect(new Set(FUNNEL_STATES).size).toBe(10);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...FUNNEL_STATES].sort());
  });

  const pairs = FUNNEL_STATES.flatMap((from) => FUNNEL_STATES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s is allowed exactly when the funnel lists it', (from, to) => {
    const check = checkTransition(from, to, open);
    expect(check.ok).toBe(allowed.has(`${from}>${to}`));
    if (!check.ok) {
      expect(check.code).toBe('invalid_transition');
      expect(check.reason.en).toContain(`from ${from} to ${to}`);
      expect(check.reason.id).toContain(`dari ${from} ke ${to}`);
    }
  });

  it.each(EXPECTED)('%s → %s without consent: refused exactly when the target needs consent', (from, to) => {
    const check = checkTransition(from, to, { hasConsent: false, clusterOpen: true });
    const needs = ['consented', 'registered', 'paid_pokok', 'active'].includes(to);
    expect(check.ok).toBe(!needs);
    if (!check.ok) expect(check.code).toBe('consent_required');
  });

  it.each(EXPECTED)('%s → %s outside an open treatment cluster: only exits are allowed', (from, to) => {
    const check = checkTransition(from, to, { hasConsent: true, clusterOpen: false });
    expect(check.ok).toBe(to === 'withdrawn' || to === 'ineligible');
    if (!check.ok) expect(check.code).toBe('cluster_not_open');
  });

  it('ineligible is final; withdrawn only re-enters through consent', () => {
    expect(TRANSITIONS.ineligible).toEqual([]);
    expect(TRANSITIONS.withdrawn).toEqual(['consented']);
    expect(NEEDS_CONSENT).toContain('consented');
  });
});
