/**
 * Village prioritisation score for founding community-based cooperatives (docs/POLICY.md, "Village ranking").
 * 0–100, higher first:
 *   poverty      60 = 30 × share of decile-1 households + 15 × decile-1 households / the most in the list
 *                     + 15 × share of extreme-poor households
 *   reach gap    15 = 15 × share of assistance recipients (households) not yet cooperative members
 *   cooperative  15 = 15 without an active cooperative, 7.5 with one still forming, 0 registered or operating
 *   readiness    10 = 10 × village profile cooperative_readiness / 5 (0 without a profile)
 */
export interface VillageFacts {
  villageCode: string;
  name: string;
  households: number;
  decile1: number;
  extremePoor: number;
  recipients: number;
  recipientsNotMembers: number;
  /**
   * Best cooperative status in the village: none, inactive (only inactive ones; scored as none), forming,
   * registered, operating.
   */
  cooperative: 'none' | 'inactive' | 'forming' | 'registered' | 'operating';
  readiness: number | null;
}

export interface VillageScore extends VillageFacts {
  score: number;
  parts: { poverty: number; reach_gap: number; cooperative_gap: number; readiness: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreVillages(villages: readonly VillageFacts[]): VillageScore[] {
  const maxDecile1 = Math.max(0, ...villages.map((v) => v.decile1));
  return villages
    .map((v) => {
      const share = (n: number, d: number) => (d > 0 ? n / d : 0);
      const poverty =
        30 * share(v.decile1, v.households) +
        15 * share(v.decile1, maxDecile1) +
        15 * share(v.extremePoor, v.households);
      const reachGap = 15 * share(v.recipientsNotMembers, v.recipients);
      const cooperativeGap =
        v.cooperative === 'none' || v.cooperative === 'inactive' ? 15 : v.cooperative === 'forming' ? 7.5 : 0;
      const readiness = v.readiness === null ? 0 : (10 * Math.min(5, Math.max(0, v.readiness))) / 5;
      const parts = {
        poverty: round2(poverty),
        reach_gap: round2(reachGap),
        cooperative_gap: cooperativeGap,
        readiness: round2(readiness),
      };
      return { ...v, parts, score: round2(poverty + reachGap + cooperativeGap + readiness) };
    })
    .sort((a, b) => b.score - a.score || b.decile1 - a.decile1 || a.villageCode.localeCompare(b.villageCode));
}

/** A ranked village as the CLI's --json and the API present it (rank is the 1-based position in the list). */
export function presentRankedVillage(v: VillageScore, index: number) {
  return {
    rank: index + 1,
    village_code: v.villageCode,
    name: v.name,
    score: v.score,
    parts: v.parts,
    households: v.households,
    decile1: v.decile1,
    extreme_poor: v.extremePoor,
    recipients: v.recipients,
    recipients_not_members: v.recipientsNotMembers,
    cooperative: v.cooperative,
    readiness: v.readiness,
  };
}
