import type { Migration } from '../migration.js';

/**
 * Month-end cooperative health scores (docs/INDICATORS.md, "Cooperative health"): the score of docs/FINANCE.md
 * "Health score" is computed in code from seven components, so the indicator refresh stores it per cooperative and
 * month end before the cooperative_health indicators read it. `score` is null when no component applies (nothing
 * to score yet). Keys start with the province code like the books.
 */
export const coopHealthScoresMigration: Migration = {
  name: '0740-coop-health-scores',
  up: (tx) =>
    tx.exec(`
CREATE TABLE coop_health_scores (
  province_code   char(2) NOT NULL,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id),
  month_end       date NOT NULL,
  score           smallint CHECK (score BETWEEN 0 AND 100),
  components      jsonb NOT NULL,
  computed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, cooperative_id, month_end)
);
`),
};
