/**
 * The demo's pilot (issue 15): 40–80 villages of the demo province with households, stratified by regency ×
 * poverty tercile and randomised half to treatment, two waves, and a realistic funnel — some unreachable, some
 * declining, consents recorded, registrations, simpanan pokok, a few withdrawals — all through the same services
 * the API uses, deterministic by the demo seed. The M&E work evaluates this pilot.
 */
import { createHash } from 'node:crypto';
import type { AuditActor } from '../audit/access-audit.js';
import { recordConsent } from '../consent/consent-service.js';
import type { Database, Tx } from '../db/database.js';
import { moveEnrolment, openWave } from '../pilots/enrolment/enrolment-service.js';
import type { FunnelState } from '../pilots/enrolment/funnel.js';
import { createPilot, publishPilot, randomizePilot } from '../pilots/pilot-service.js';
import { UserError } from '../shared/errors.js';
import { createRng, type Rng } from '../shared/random.js';

export interface DemoPilotSummary {
  pilot_id: number;
  name: string;
  clusters: number;
  treated: number;
  control: number;
  seed: string;
  enrolments: Partial<Record<FunnelState, number>>;
}

const WAVES = [
  { startsOn: '2026-03-01', endsOn: '2026-04-30' },
  { startsOn: '2026-06-01', endsOn: '2026-07-31' },
];

const day = (start: string, plus: number) =>
  new Date(Date.parse(`${start}T09:00:00+08:00`) + plus * 86_400_000);

export async function demoPilot(
  database: Database,
  options: { province: string; seed: string; actor: string; policyId: string },
): Promise<DemoPilotSummary> {
  const who: AuditActor = {
    username: options.actor,
    role: 'local_operator',
    origin: 'cli',
    purpose: null,
    identifiersRevealed: false,
  };
  const drawSeed = String(
    parseInt(createHash('sha256').update(`demo-pilot:${options.seed}`).digest('hex').slice(0, 12), 16),
  );
  const rng = createRng(`entas-demo-pilot/${options.province}/${options.seed}`);
  const clusters = 40 + rng.int(0, 40);
  return database.transaction(async (tx) => {
    let name = `Uji coba demo ${options.province} (seed ${options.seed})`;
    for (
      let k = 2;
      await tx.db.selectFrom('pilots').select('id').where('name', '=', name).executeTakeFirst();
      k++
    )
      name = `Uji coba demo ${options.province} (seed ${options.seed}) #${k}`;
    const pilotId = await createPilot(
      tx,
      {
        name,
        regionCode: options.province,
        design: 'randomized',
        treatedShare: '0.5',
        waves: WAVES,
        policyId: options.policyId,
        memberTreatments: ['ANGGOTA_MODAL_PENDAMPINGAN', 'ANGGOTA_SIMPANAN'],
        maxClusters: clusters,
        selectionSeed: options.seed,
      },
      who,
    );
    const draw = await randomizePilot(tx, pilotId, { seed: drawSeed }, who);
    await publishPilot(tx, pilotId, who);
    for (const [i, wave] of WAVES.entries()) {
      await openWave(tx, pilotId, i + 1, who);
      const enrolments = await tx.db
        .selectFrom('pilot_enrolments')
        .select(['id', 'household_id', 'person_id'])
        .where('pilot_id', '=', pilotId)
        .where('wave_no', '=', i + 1)
        .orderBy('id')
        .execute();
      // Wave 1 has run its course; wave 2 has just begun.
      for (const e of enrolments)
        await progress(tx, e, rng.fork(e.id), wave.startsOn, i === 0 ? 1 : 0.4, who);
    }
    const counts = await tx.db
      .selectFrom('pilot_enrolments')
      .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
      .where('pilot_id', '=', pilotId)
      .groupBy('state')
      .orderBy('state')
      .execute();
    return {
      pilot_id: pilotId,
      name,
      clusters: draw.summary.treated + draw.summary.control,
      treated: draw.summary.treated,
      control: draw.summary.control,
      seed: drawSeed,
      enrolments: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])),
    };
  });
}

/** One household's path through the funnel; `reach` scales how far a wave has got. */
async function progress(
  tx: Tx,
  e: { id: number; household_id: number; person_id: number },
  rng: Rng,
  start: string,
  reach: number,
  who: AuditActor,
): Promise<void> {
  let version = 1;
  let t = rng.int(1, 20);
  const facilitator = `pendamping-${1 + (e.household_id % 7)}`;
  const step = async (to: FunnelState, extra: { joinedOn?: string } = {}) => {
    t += rng.int(1, 10);
    const r = await moveEnrolment(
      tx,
      {
        enrolmentId: e.id,
        to,
        expectedVersion: version,
        occurredAt: day(start, t),
        facilitator,
        place: 'rumah',
        ...extra,
      },
      who,
    );
    version = r.version;
  };
  if (!rng.chance(reach)) return;
  if (rng.chance(0.1)) return step('unreachable');
  await step('contacted');
  if (!rng.chance(reach)) return;
  if (rng.chance(0.15)) return step('declined');
  t += rng.int(0, 3);
  await recordConsent(
    tx,
    {
      householdId: e.household_id,
      personId: e.person_id,
      purpose: 'cooperative_enrolment',
      status: 'given',
      method: rng.chance(0.8) ? 'written' : 'verbal_witnessed',
      evidenceRef: `FORM-${e.id}`,
      decidedAt: day(start, t),
    },
    who,
  );
  await step('consented');
  if (!rng.chance(0.85 * reach)) return;
  try {
    await step('registered', {
      joinedOn: day(start, t + 5)
        .toISOString()
        .slice(0, 10),
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return step('ineligible'); // the registrar's rules (age, domicile, an existing membership)
  }
  if (rng.chance(0.04)) {
    await recordConsent(
      tx,
      {
        householdId: e.household_id,
        personId: e.person_id,
        purpose: 'cooperative_enrolment',
        status: 'withdrawn',
        method: 'written',
        decidedAt: day(start, t + 12),
      },
      who,
    );
    return;
  }
  if (!rng.chance(0.75 * reach)) return;
  await step('paid_pokok');
  if (rng.chance(0.8 * reach)) await step('active');
}
