import { describe, expect, it } from 'vitest';
import { foundingProgress, stepRefusal, type StepRecord } from './founding.js';

const step = (s: StepRecord['step'], doneOn: string, details: StepRecord['details'] = {}): StepRecord => ({
  step: s,
  doneOn,
  document: `${s}.pdf`,
  details,
});

describe('founding checklist', () => {
  it('runs Musdesus → founders (≥ 9) → AD/ART → legal entity → bank account, officers elected after Musdesus', () => {
    const done: StepRecord[] = [];
    const add = (s: StepRecord) => {
      expect(stepRefusal(done, s)).toBeNull();
      done.push(s);
    };
    expect(stepRefusal(done, step('founders', '2026-02-01', { founders: 9 }))?.en).toBe(
      'step founders needs musdesus first',
    );
    add(step('musdesus', '2026-01-10'));
    expect(stepRefusal(done, step('founders', '2026-02-01', { founders: 8 }))?.en).toBe(
      'at least 9 founders are needed, got 8',
    );
    expect(stepRefusal(done, step('founders', '2026-01-09', { founders: 9 }))?.en).toContain('dated before');
    add(step('founders', '2026-02-01', { founders: 9 }));
    add(step('ad_art', '2026-02-01'));
    expect(stepRefusal(done, step('legal_entity', '2026-03-01'))?.en).toContain('legal-entity number');
    add(step('legal_entity', '2026-03-01', { legal_entity_no: 'AHU-0001.AH.01.29.2026' }));
    expect(foundingProgress(done)).toMatchObject({
      ready: false,
      missing: ['bank_account', 'officers_elected'],
    });
    expect(stepRefusal(done, step('bank_account', '2026-03-05', { bank: 'BRI' }))?.en).toContain(
      'account number',
    );
    add(step('bank_account', '2026-03-05', { bank: 'BRI', account_no: '0123' }));
    add(step('officers_elected', '2026-01-10'));
    expect(stepRefusal(done, step('ad_art', '2026-03-01'))?.en).toBe('step ad_art is already recorded');
    expect(foundingProgress(done)).toMatchObject({ ready: true, missing: [] });
  });
});
