import {
  linkAcrossProvinces,
  type CrossProvinceSummary,
} from '../../linkage/platform/cross-province-pass.js';
import { linkPlatform, type PlatformLinkSummary } from '../../linkage/platform/platform-link-service.js';
import { SOURCE_TABLES, type SourceName } from '../../linkage/platform/platform-records.js';
import { say, UserError } from '../../shared/errors.js';
import type { JobKind } from '../job-kind.js';
import { paramsObject, PROVINCE_CODE, stringList } from '../job-params.js';
import { provincesWithData } from '../province-split.js';

export interface LinkRunParams {
  source: SourceName;
  provinces: string[];
  actor: string | null;
}

interface Checkpoint {
  summary: PlatformLinkSummary | CrossProvinceSummary;
}

export interface LinkRunJobResult {
  runs: number[];
  persons: number;
  compared: Record<string, number>;
  linked: Record<string, number>;
  review: number;
  /** Rows still unlinked after the province passes, and how many the cross-province pass linked. */
  unlinked: number;
  moved: CrossProvinceSummary | null;
}

/**
 * `link run` split by province: each part links its province's unlinked bansos and member rows against its
 * province's DTSEN persons and records one linkage run (links, entity keys and the part's checkpoint commit in one
 * transaction). Linkage is incremental — only rows not linked yet are compared — so a part rerun after it finished
 * finds nothing to do, and one rerun after a crash starts from what committed. A last part, `moved`, looks the
 * rows still unlinked up in every other province on strong keys (NIK; No. KK and name): people listed where they
 * live now while DTSEN still has them where they lived (cross-province-pass.ts).
 */
export const linkRunJob: JobKind<LinkRunParams> = {
  name: 'link-run',

  parse(raw) {
    const o = paramsObject(raw, 'link-run');
    const source = o.source === undefined ? 'all' : o.source;
    if (typeof source !== 'string' || !Object.hasOwn(SOURCE_TABLES, source))
      throw new UserError(
        say(
          `parameter source: use bansos, members or all`,
          `parameter source: gunakan bansos, members atau all`,
        ),
        'invalid_job_params',
      );
    return {
      source: source as SourceName,
      provinces: stringList(o, 'provinces', PROVINCE_CODE),
      actor: typeof o.actor === 'string' ? o.actor : null,
    };
  },

  async plan(database, params) {
    const provinces = await provincesWithData(database.db, params.provinces);
    return {
      params,
      parts: [
        ...provinces.map((p) => ({ key: p, stage: 0, province_code: p })),
        { key: 'moved', stage: 1, province_code: '' },
      ],
    };
  },

  async runPart(database, params, part) {
    const saved = part.checkpoint as Checkpoint | null;
    if (saved) return saved.summary;
    if (part.key === 'moved')
      return linkAcrossProvinces(database, {
        source: params.source,
        actor: params.actor ?? 'job',
        beforeCommit: (tx, s) => part.save(tx, { summary: s } satisfies Checkpoint, 1, 1),
      });
    const summary = await linkPlatform(database, {
      source: params.source,
      actor: params.actor ?? 'job',
      province: part.province,
      onStage: (stage) => part.progress(stage === 'write' ? 1 : 0, 1),
      beforeCommit: (tx, s) => part.save(tx, { summary: s } satisfies Checkpoint, 1, 1),
    });
    return summary;
  },

  combine(_params, results): LinkRunJobResult {
    const out: LinkRunJobResult = {
      runs: [],
      persons: 0,
      compared: {},
      linked: {},
      review: 0,
      unlinked: 0,
      moved: null,
    };
    const add = (to: Record<string, number>, from: Partial<Record<string, number>>) => {
      for (const [k, n] of Object.entries(from)) to[k] = (to[k] ?? 0) + (n ?? 0);
    };
    for (const { key, result } of results) {
      if (key === 'moved') {
        out.moved = result as CrossProvinceSummary;
        if (out.moved.run_id !== null) out.runs.push(out.moved.run_id);
        add(out.linked, out.moved.linked);
        continue;
      }
      const s = result as PlatformLinkSummary;
      if (s.run_id !== null) out.runs.push(s.run_id);
      out.persons += s.persons;
      add(out.compared, s.compared);
      add(out.linked, s.linked);
      out.review += s.review;
      out.unlinked += s.unlinked;
    }
    for (const n of Object.values(out.moved?.linked ?? {})) out.unlinked -= n ?? 0;
    return out;
  },
};
