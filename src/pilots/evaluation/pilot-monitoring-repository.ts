/**
 * What a pilot's monitoring report shows beside its impact estimates (issue 17, "Reports"): the enrolment funnel
 * per wave, and the stored indicators broken down by pilot arm over the months, at the pilot's region node.
 * Indicators are read as stored (indicators refresh writes them); an indicator not yet refreshed is left out.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { indicatorValue, type IndicatorDefinition, type IndicatorSet } from '../../indicators/definition.js';
import { IndicatorRepository } from '../../indicators/indicator-repository.js';
import type { Bilingual } from '../../shared/errors.js';
import { FUNNEL_EXITS, FUNNEL_STEPS } from '../enrolment/funnel.js';

export interface FunnelWave {
  wave_no: number;
  /** Enrolments that ever entered each step (from the event log; every enrolment is identified). */
  reached: Record<(typeof FUNNEL_STEPS)[number], number>;
  /** Enrolments whose current state is each side exit. */
  exits: Record<(typeof FUNNEL_EXITS)[number], number>;
}

export interface TrendPoint {
  period: string;
  treated: number | null;
  control: number | null;
}

export interface IndicatorTrend {
  indicator: string;
  name: Bilingual;
  unit: string;
  points: TrendPoint[];
}

export interface PilotMonitoring {
  funnel: FunnelWave[];
  trends: IndicatorTrend[];
}

export async function loadPilotMonitoring(
  db: Kysely<DB>,
  pilot: { id: number; region_code: string },
  sets: readonly IndicatorSet[],
): Promise<PilotMonitoring> {
  const states = [...FUNNEL_STEPS, ...FUNNEL_EXITS];
  const rows = await sql<{ wave_no: number; state: string; reached: string; now: string }>`
    SELECT e.wave_no, s.state,
           count(*) FILTER (WHERE s.state = 'identified' OR e.state = s.state OR EXISTS (
             SELECT 1 FROM pilot_enrolment_events ev WHERE ev.enrolment_id = e.id AND ev.to_state = s.state)) AS reached,
           count(*) FILTER (WHERE e.state = s.state) AS now
    FROM pilot_enrolments e CROSS JOIN unnest(${states}::text[]) AS s(state)
    WHERE e.pilot_id = ${pilot.id}
    GROUP BY e.wave_no, s.state
    ORDER BY e.wave_no`.execute(db);
  const waves = new Map<number, FunnelWave>();
  for (const r of rows.rows) {
    const wave = Number(r.wave_no);
    let w = waves.get(wave);
    if (!w) {
      w = {
        wave_no: wave,
        reached: Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as FunnelWave['reached'],
        exits: Object.fromEntries(FUNNEL_EXITS.map((s) => [s, 0])) as FunnelWave['exits'],
      };
      waves.set(wave, w);
    }
    if ((FUNNEL_STEPS as readonly string[]).includes(r.state))
      w.reached[r.state as (typeof FUNNEL_STEPS)[number]] = Number(r.reached);
    else w.exits[r.state as (typeof FUNNEL_EXITS)[number]] = Number(r.now);
  }

  const repo = new IndicatorRepository(db);
  const trends: IndicatorTrend[] = [];
  const defs: IndicatorDefinition[] = sets
    .flatMap((s) => s.indicators)
    .filter((d) => d.disaggregations.includes('pilot_arm') && d.periods.includes('month'));
  for (const def of defs) {
    const version = await repo.storedVersion(def);
    if (version === null) continue;
    const values = await repo.values({
      indicatorId: def.id,
      version,
      region: pilot.region_code,
      disaggregation: 'pilot_arm',
    });
    const byPeriod = new Map<string, TrendPoint>();
    for (const v of values) {
      if (!/^\d{4}-\d{2}$/.test(v.period)) continue;
      const arm =
        v.category === `${pilot.id}:treatment`
          ? 'treated'
          : v.category === `${pilot.id}:control`
            ? 'control'
            : null;
      if (arm === null) continue;
      const point = byPeriod.get(v.period) ?? { period: v.period, treated: null, control: null };
      point[arm] = indicatorValue(def, v.numerator, v.denominator);
      byPeriod.set(v.period, point);
    }
    if (byPeriod.size === 0) continue;
    trends.push({
      indicator: def.id,
      name: def.name,
      unit: def.unit,
      points: [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period)),
    });
  }
  return { funnel: [...waves.values()], trends };
}
