/**
 * Which Kopdes serves a targeted household. Its own village's (or kelurahan's) cooperative when one exists;
 * otherwise the nearest one in the same district, flagged. Without coordinates "nearest" is defined on
 * Kemendagri codes: within the district, the cooperative whose village number (last four digits) is closest
 * to the household's village number (codes are numbered along the district's administrative order), ties
 * broken by the most free capacity, then the lowest id. Inactive cooperatives serve nobody.
 */
export interface CooperativeSlot {
  id: number;
  registrationNo: string;
  name: string;
  villageCode: string;
  status: string;
  memberCapacity: number | null;
  /** Active members today. */
  members: number;
}

export type CooperativeMatch = 'village' | 'district_nearest' | 'none';

export interface Assignment {
  cooperative: CooperativeSlot | null;
  match: CooperativeMatch;
}

export interface CapacityWarning {
  cooperative_id: number;
  registration_no: string;
  name: string;
  village_code: string;
  capacity: number;
  members: number;
  assigned: number;
  over_by: number;
}

const villageNumber = (code: string) => Number(code.slice(9)) || 0;
const districtOf = (code: string) => code.slice(0, 8);

export class CooperativeAssigner {
  private readonly byVillage = new Map<string, CooperativeSlot>();
  private readonly byDistrict = new Map<string, CooperativeSlot[]>();
  private readonly assigned = new Map<number, number>();
  private readonly nearestCache = new Map<string, CooperativeSlot | null>();

  constructor(
    cooperatives: readonly CooperativeSlot[],
    private readonly defaultCapacity: number | null = null,
  ) {
    const sorted = [...cooperatives].filter((c) => c.status !== 'inactive').sort((a, b) => a.id - b.id);
    for (const c of sorted) {
      if (!this.byVillage.has(c.villageCode)) this.byVillage.set(c.villageCode, c);
      const list = this.byDistrict.get(districtOf(c.villageCode)) ?? [];
      list.push(c);
      this.byDistrict.set(districtOf(c.villageCode), list);
    }
  }

  /** The cooperative of the village itself, or null (what rules see as `household.cooperative`). */
  villageCooperative(villageCode: string): CooperativeSlot | null {
    return this.byVillage.get(villageCode) ?? null;
  }

  capacityOf(c: CooperativeSlot): number | null {
    return c.memberCapacity ?? this.defaultCapacity;
  }

  /**
   * Assigns a targeted household (or `count` of them from the same village: the choice depends only on the
   * village) and counts it against the cooperative's capacity.
   */
  assign(villageCode: string, count = 1): Assignment {
    const a = this.villageAssignment(villageCode);
    if (a.cooperative)
      this.assigned.set(a.cooperative.id, (this.assigned.get(a.cooperative.id) ?? 0) + count);
    return a;
  }

  /** The cooperative serving a village's targeted households, without counting them against its capacity. */
  villageAssignment(villageCode: string): Assignment {
    const own = this.byVillage.get(villageCode);
    if (own) return { cooperative: own, match: 'village' };
    let nearest = this.nearestCache.get(villageCode);
    if (nearest === undefined) {
      nearest = this.nearest(villageCode);
      this.nearestCache.set(villageCode, nearest);
    }
    return nearest
      ? { cooperative: nearest, match: 'district_nearest' }
      : { cooperative: null, match: 'none' };
  }

  private nearest(villageCode: string): CooperativeSlot | null {
    const candidates = this.byDistrict.get(districtOf(villageCode)) ?? [];
    const n = villageNumber(villageCode);
    let best: CooperativeSlot | null = null;
    for (const c of candidates) {
      if (!best) {
        best = c;
        continue;
      }
      const d = Math.abs(villageNumber(c.villageCode) - n) - Math.abs(villageNumber(best.villageCode) - n);
      const free = (x: CooperativeSlot) => (this.capacityOf(x) ?? Number.MAX_SAFE_INTEGER) - x.members;
      if (d < 0 || (d === 0 && (free(c) > free(best) || (free(c) === free(best) && c.id < best.id))))
        best = c;
    }
    return best;
  }

  /** Cooperatives whose members plus assigned households exceed their capacity, worst first. */
  capacityWarnings(cooperatives: readonly CooperativeSlot[]): CapacityWarning[] {
    const out: CapacityWarning[] = [];
    for (const c of cooperatives) {
      const assigned = this.assigned.get(c.id) ?? 0;
      const capacity = this.capacityOf(c);
      if (assigned === 0 || capacity === null) continue;
      const over = c.members + assigned - capacity;
      if (over > 0) {
        out.push({
          cooperative_id: c.id,
          registration_no: c.registrationNo,
          name: c.name,
          village_code: c.villageCode,
          capacity,
          members: c.members,
          assigned,
          over_by: over,
        });
      }
    }
    return out.sort((a, b) => b.over_by - a.over_by || a.cooperative_id - b.cooperative_id);
  }
}
