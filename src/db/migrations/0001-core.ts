import type { Migration } from '../migration.js';

/**
 * Core model: regions, source batches, households with snapshot history, persons, programs and their
 * recipients (KPM), cooperatives with officers and members, and the append-only audit log.
 * Every row loaded from a file knows its batch. Money is integer rupiah (bigint).
 */
export const coreMigration: Migration = {
  name: '0001-core',
  up: (tx) =>
    tx.exec(`
CREATE TABLE regions (
  code        text PRIMARY KEY,                 -- Kemendagri code, dotted: 53, 53.01, 53.01.05, 53.01.05.2001
  parent_code text REFERENCES regions(code),
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 4),  -- 1 province, 2 regency/city, 3 district, 4 village
  name        text NOT NULL,
  kind        text                              -- kabupaten|kota for level 2; kelurahan|desa|desa_adat for level 4
);
CREATE INDEX regions_parent_idx ON regions (parent_code);
CREATE INDEX regions_code_prefix_idx ON regions (code text_pattern_ops);

CREATE TABLE source_batches (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source         text NOT NULL,                 -- dtsen|bansos|cooperatives|members|demo|manual
  file_name      text,
  content_hash   text,                          -- sha256 of the file bytes: the same file is never imported twice
  program_code   text,
  period         text,                          -- YYYY-MM for bansos lists
  snapshot_date  date,                          -- DTSEN extract date
  rows_total     integer NOT NULL DEFAULT 0,
  rows_accepted  integer NOT NULL DEFAULT 0,
  rows_rejected  integer NOT NULL DEFAULT 0,
  warnings       jsonb NOT NULL DEFAULT '[]',
  meta           jsonb NOT NULL DEFAULT '{}',
  created_by     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  reverted_at    timestamptz,
  reverted_by    text
);
CREATE UNIQUE INDEX source_batches_hash_uq ON source_batches (source, content_hash)
  WHERE content_hash IS NOT NULL AND reverted_at IS NULL;

CREATE TABLE households (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kk             text,                          -- No. KK as received (a weak key: changes on move/split)
  village_code   text NOT NULL REFERENCES regions(code),
  address        text,
  decile         smallint CHECK (decile BETWEEN 1 AND 10),  -- current DTSEN decile (newest snapshot)
  pmt_score      double precision,
  snapshot_date  date,                          -- date of the DTSEN extract the current state comes from
  socio          jsonb NOT NULL DEFAULT '{}',   -- DTSEN family variables, validated by the domain layer
  batch_id       bigint REFERENCES source_batches(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX households_village_idx ON households (village_code text_pattern_ops);
CREATE INDEX households_kk_idx ON households (kk);
CREATE INDEX households_batch_idx ON households (batch_id);

-- One row per household per DTSEN extract: the history graduation is measured on.
CREATE TABLE household_snapshots (
  household_id   bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  batch_id       bigint NOT NULL REFERENCES source_batches(id),
  snapshot_date  date NOT NULL,
  decile         smallint CHECK (decile BETWEEN 1 AND 10),
  pmt_score      double precision,
  member_count   integer NOT NULL DEFAULT 0,
  socio          jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (household_id, batch_id)
);
CREATE INDEX household_snapshots_batch_idx ON household_snapshots (batch_id);

CREATE TABLE persons (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id     bigint REFERENCES households(id) ON DELETE CASCADE,
  nik              text,
  name             text NOT NULL,               -- as received
  name_normalized  text NOT NULL,               -- identity/name.ts normalisation, for matching and search
  sex              text CHECK (sex IN ('L', 'P')),
  birth_date       date,
  relation         smallint CHECK (relation BETWEEN 1 AND 11),  -- Dukcapil hubungan keluarga code
  disability       boolean NOT NULL DEFAULT false,
  occupation       text,
  education        text,
  marital_status   text,
  entity_id        bigint,                      -- stable identity across sources (record linkage)
  batch_id         bigint REFERENCES source_batches(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_household_idx ON persons (household_id);
CREATE INDEX persons_nik_idx ON persons (nik);
CREATE INDEX persons_batch_idx ON persons (batch_id);
CREATE INDEX persons_entity_idx ON persons (entity_id);

CREATE TABLE programs (
  code              text PRIMARY KEY,           -- PKH, BPNT, PBI-JK, PIP, BLT-DD …
  name              text NOT NULL,
  agency            text NOT NULL,
  unit              text NOT NULL DEFAULT 'household' CHECK (unit IN ('household', 'person')),
  eligible_deciles  smallint[] NOT NULL,        -- configuration, not code
  monthly_benefit   bigint,                     -- typical rupiah per month per unit, for cost estimates
  active            boolean NOT NULL DEFAULT true
);

-- A recipient (KPM) of one program in one period, as the source list recorded them; linkage fills
-- person_id/household_id.
CREATE TABLE program_enrolments (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  program_code     text NOT NULL REFERENCES programs(code),
  period           text NOT NULL,               -- YYYY-MM
  nik              text,
  kk               text,
  name             text NOT NULL,
  name_normalized  text NOT NULL,
  village_code     text REFERENCES regions(code),
  amount           bigint,                      -- rupiah paid in the period
  components       jsonb NOT NULL DEFAULT '{}',
  person_id        bigint REFERENCES persons(id) ON DELETE SET NULL,
  household_id     bigint REFERENCES households(id) ON DELETE SET NULL,
  batch_id         bigint REFERENCES source_batches(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX program_enrolments_program_period_idx ON program_enrolments (program_code, period);
CREATE INDEX program_enrolments_household_idx ON program_enrolments (household_id);
CREATE INDEX program_enrolments_person_idx ON program_enrolments (person_id);
CREATE INDEX program_enrolments_nik_idx ON program_enrolments (nik);
CREATE INDEX program_enrolments_batch_idx ON program_enrolments (batch_id);
CREATE INDEX program_enrolments_village_idx ON program_enrolments (village_code text_pattern_ops);

CREATE TABLE cooperatives (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  registration_no  text NOT NULL UNIQUE,        -- e.g. the AHU registration / SIMKOPDES id
  name             text NOT NULL,
  village_code     text NOT NULL REFERENCES regions(code),
  kind             text NOT NULL CHECK (kind IN ('desa', 'kelurahan')),
  type             text NOT NULL DEFAULT 'serba_usaha',  -- konsumen|produsen|simpan_pinjam|jasa|pemasaran|serba_usaha
  business_units   text[] NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'registered' CHECK (status IN ('forming', 'registered', 'operating', 'inactive')),
  established_on   date,
  member_capacity  integer,
  batch_id         bigint REFERENCES source_batches(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cooperatives_village_idx ON cooperatives (village_code text_pattern_ops);

CREATE TABLE cooperative_officers (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id) ON DELETE CASCADE,
  position        text NOT NULL,                -- ketua|wakil_ketua_usaha|wakil_ketua_anggota|sekretaris|bendahara|ketua_pengawas|pengawas
  name            text NOT NULL,
  nik             text,
  person_id       bigint REFERENCES persons(id) ON DELETE SET NULL,
  start_date      date,
  end_date        date
);
CREATE INDEX cooperative_officers_coop_idx ON cooperative_officers (cooperative_id);

CREATE TABLE cooperative_members (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cooperative_id   bigint NOT NULL REFERENCES cooperatives(id) ON DELETE CASCADE,
  member_no        text,
  nik              text,
  name             text NOT NULL,
  name_normalized  text NOT NULL,
  joined_on        date,
  left_on          date,
  savings_paid     bigint NOT NULL DEFAULT 0,   -- rupiah, as reported by the source register
  person_id        bigint REFERENCES persons(id) ON DELETE SET NULL,
  batch_id         bigint REFERENCES source_batches(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cooperative_members_no_uq ON cooperative_members (cooperative_id, member_no) WHERE member_no IS NOT NULL;
CREATE INDEX cooperative_members_coop_idx ON cooperative_members (cooperative_id);
CREATE INDEX cooperative_members_person_idx ON cooperative_members (person_id);
CREATE INDEX cooperative_members_nik_idx ON cooperative_members (nik);
CREATE INDEX cooperative_members_batch_idx ON cooperative_members (batch_id);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical entry). See audit/audit-log.ts.
CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,                   -- username, or 'cli:<os user>' for local commands
  action       text NOT NULL,                   -- e.g. batch.revert, person.read, export.csv
  subject_type text,
  subject_id   text,
  region_code  text,
  purpose      text,
  origin       text,                            -- IP address or 'cli'
  details      jsonb NOT NULL DEFAULT '{}',
  prev_hash    text NOT NULL,
  hash         text NOT NULL UNIQUE
);
`),
};
