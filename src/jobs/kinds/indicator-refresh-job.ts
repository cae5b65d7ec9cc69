import type { Database } from '../../db/database.js';
import { loadIndicatorSets } from '../../indicators/definition-files.js';
import { IndicatorRepository } from '../../indicators/indicator-repository.js';
import {
  prepareProvinceInputs,
  refreshProvinceIn,
  rollupNationIn,
  selectDefinitions,
} from '../../indicators/indicator-service.js';
import { currentWatermarks } from '../../indicators/source-watermarks.js';
import { say, UserError } from '../../shared/errors.js';
import type { JobKind, PartContext } from '../job-kind.js';
import { paramsObject, stringList } from '../job-params.js';
import { provincesWithData } from '../province-split.js';

export interface IndicatorRefreshParams {
  /** Indicator ids (none: all). */
  ids: string[];
  /** Fixed when planned: each indicator's stored version, the source watermarks and the provinces. */
  versions?: Record<string, number>;
  mark?: string;
  provinces?: string[];
  actor?: string | null;
}

interface Checkpoint {
  done: string[];
  rows: number;
}

/**
 * A full indicator refresh split by province: each province part recomputes every indicator's subtree (one
 * transaction per indicator, its checkpoint in the same transaction), then one nation part sums the provinces
 * and records the refresh. The stored values equal those of `entas indicators refresh`.
 */
export const indicatorRefreshJob: JobKind<IndicatorRefreshParams> = {
  name: 'indicator-refresh',

  parse(raw) {
    const o = paramsObject(raw, 'indicator-refresh');
    return {
      ids: stringList(o, 'ids'),
      ...(o.versions === undefined ? {} : { versions: o.versions as Record<string, number> }),
      ...(typeof o.mark === 'string' ? { mark: o.mark } : {}),
      ...(o.provinces === undefined ? {} : { provinces: stringList(o, 'provinces') }),
      actor: typeof o.actor === 'string' ? o.actor : null,
    };
  },

  async plan(database, params) {
    const repo = new IndicatorRepository(database.db);
    const versions: Record<string, number> = {};
    for (const { set, def } of selectDefinitions(loadIndicatorSets(), params.ids))
      versions[def.id] = await repo.versionFor(set, def);
    const mark = JSON.stringify(await currentWatermarks(database.db));
    const provinces = await provincesWithData(database.db);
    return {
      params: { ...params, versions, mark, provinces },
      parts: [
        ...provinces.map((p) => ({ key: p, stage: 0, province_code: p })),
        { key: 'nation', stage: 1, province_code: '' },
      ],
    };
  },

  async runPart(database, params, part) {
    const chosen = await definitionsAsPlanned(database, params);
    const saved = (part.checkpoint as Checkpoint | null) ?? { done: [], rows: 0 };
    const done = new Set(saved.done);
    let rows = saved.rows;
    const pending = chosen.filter(({ def }) => !done.has(def.id)).map(({ def }) => def);
    if (part.key !== 'nation') await prepareProvinceInputs(database, pending, part.province);
    for (const { def, version } of chosen) {
      if (done.has(def.id)) continue;
      await database.transaction(async (tx) => {
        const written =
          part.key === 'nation'
            ? await rollupNationIn(
                tx,
                def,
                version,
                params.provinces ?? [],
                params.mark ?? '',
                params.actor ?? null,
              )
            : await refreshProvinceIn(tx, def, version, part.province);
        done.add(def.id);
        rows += written;
        await save(part, tx, { done: [...done], rows }, chosen.length);
      });
    }
    return { indicators: chosen.length, rows };
  },

  combine(params, results) {
    const nation = results.find((r) => r.key === 'nation')?.result as { rows: number } | undefined;
    return {
      indicators: Object.keys(params.versions ?? {}).length,
      provinces: params.provinces ?? [],
      rows: nation?.rows ?? 0,
    };
  },
};

const save = (part: PartContext, tx: Parameters<PartContext['save']>[0], c: Checkpoint, total: number) =>
  part.save(tx, c, c.done.length, total);

/** The definitions this worker has, checked against the versions fixed when the job was planned. */
async function definitionsAsPlanned(database: Database, params: IndicatorRefreshParams) {
  const versions = params.versions ?? {};
  const repo = new IndicatorRepository(database.db);
  const out = [];
  for (const { def } of selectDefinitions(loadIndicatorSets(), Object.keys(versions))) {
    const version = await repo.storedVersion(def);
    if (version !== versions[def.id])
      throw new UserError(
        say(
          `indicator ${def.id}: this worker's definition differs from the one the job was planned with (v${versions[def.id]})`,
          `indikator ${def.id}: definisi pada worker ini berbeda dari saat pekerjaan direncanakan (v${versions[def.id]})`,
        ),
        'definition_mismatch',
      );
    out.push({ def, version });
  }
  return out;
}
