/**
 * Month-end health scores for the cooperative_health indicators: the score of `entas coop health --as-of` at
 * every month end of each cooperative in a region, stored before the indicator refresh reads them. A cooperative
 * with no applicable component (nothing to score yet) is stored with a null score. Every month end of the region's
 * cooperatives is recomputed, so a backdated posting or a closed follow-up is reflected.
 */
import type { Database } from '../db/database.js';
import { cooperativeHealth } from './operations-service.js';
import {
  monthEndsToScore,
  replaceHealthScores,
  type HealthScoreRow,
} from './storage/health-score-repository.js';
import type { Books } from './storage/ledger-repository.js';

export async function refreshHealthScores(database: Database, region: string): Promise<number> {
  return database.transaction(async (tx) => {
    const rows: (HealthScoreRow & { province_code: string })[] = [];
    for (const c of await monthEndsToScore(tx, region)) {
      // The books' keys, without openBooks (which would create a missing chart: a refresh only reads).
      const books: Books = {
        cooperativeId: c.cooperative_id,
        provinceCode: c.village_code.slice(0, 2),
        villageCode: c.village_code,
      };
      for (const monthEnd of c.month_ends) {
        const health = await cooperativeHealth(tx.db, books, monthEnd);
        rows.push({
          province_code: books.provinceCode,
          cooperative_id: c.cooperative_id,
          month_end: monthEnd,
          score: health.components.some((x) => x.applicable) ? health.score : null,
          components: health.components,
        });
      }
    }
    await replaceHealthScores(tx, region, rows);
    return rows.length;
  });
}
