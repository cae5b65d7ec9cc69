import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPilotWorld, type PilotWorld } from '../../pilots/test-builders.js';
import { entas, lastJson } from '../../testing/cli.js';
import { pdfPages } from '../../testing/pdf-text.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';

/** `entas pilot create … waves open` and `entas enrol …` in child processes against a stored pilot world. */
describe.each(testEngines())('entas pilot create and enrol on %s', (kind) => {
  let t: TestDatabase;
  let world: PilotWorld;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-enrol-'));

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const database = await t.open();
    try {
      world = await buildPilotWorld(database.db, { villages: 4, perVillage: 2 });
      await database.db.updateTable('households').set({ address: 'Jalan Mawar 3' }).execute();
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.dispose();
  });

  it('creates, randomises, publishes and opens a pilot; enrols with refusals; prints the work list', async () => {
    const run = async (args: string[], ok = true) => {
      const r = await entas(args, t.env);
      if (ok) expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    const badDesign = await run(
      [
        'pilot',
        'create',
        '--name',
        'X',
        '--region',
        '53.01',
        '--design',
        'lottery',
        '--waves',
        '2026-03-01',
        '--policy',
        'pilot-test',
      ],
      false,
    );
    expect(badDesign.code).not.toBe(0);
    expect(badDesign.stderr).toMatch(/--design must be one of/);
    const created = lastJson(
      (
        await run([
          'pilot',
          'create',
          '--name',
          'Uji CLI',
          '--region',
          '53.01',
          '--design',
          'randomized',
          '--waves',
          '2026-03-01',
          '--policy',
          'pilot-test',
          '--member-treatments',
          'ANGGOTA_SIMPANAN',
          '--villages',
          world.villages.join(','),
          '--json',
        ])
      ).stdout,
    ) as { id: number; design: string; status: string };
    expect(created).toMatchObject({ design: 'randomized', status: 'draft' });
    const byCooperative = lastJson(
      (
        await run([
          'pilot',
          'create',
          '--name',
          'Uji CLI koperasi',
          '--region',
          '53.01',
          '--design',
          'randomized',
          '--cluster-kind',
          'cooperative',
          '--waves',
          '2026-03-01',
          '--policy',
          'pilot-test',
          '--member-treatments',
          'ANGGOTA_SIMPANAN',
          '--json',
        ])
      ).stdout,
    );
    expect(byCooperative).toMatchObject({ cluster_kind: 'cooperative', clusters: 4 });
    const pilot = String(created.id);
    await run(['pilot', 'randomize', '--pilot', pilot, '--seed', '11', '--json']);
    await run(['pilot', 'publish', '--pilot', pilot, '--json']);
    const opened = lastJson(
      (await run(['pilot', 'waves', 'open', '--pilot', pilot, '--wave', '1', '--json'])).stdout,
    );
    expect(opened).toEqual({ wave_no: 1, clusters: 2, identified: 2 });

    const database = await t.open();
    let treatedEnrolment = 0;
    let controlPerson = 0;
    let treatedVillage = '';
    let treatedName = '';
    try {
      const rows = await database.db
        .selectFrom('pilot_assignments as a')
        .innerJoin('pilot_clusters as c', 'c.id', 'a.cluster_id')
        .innerJoin('pilot_randomizations as r', 'r.id', 'a.randomization_id')
        .select(['c.village_code', 'a.arm'])
        .where('r.status', '=', 'published')
        .execute();
      const control = rows.find((r) => r.arm === 'control')!.village_code;
      treatedVillage = rows.find((r) => r.arm === 'treatment')!.village_code;
      controlPerson = world.byVillage.get(control)!.households[0]!.persons[0]!;
      const enrolment = await database.db
        .selectFrom('pilot_enrolments as e')
        .innerJoin('persons as p', 'p.id', 'e.person_id')
        .select(['e.id', 'p.name'])
        .where('e.village_code', '=', treatedVillage)
        .executeTakeFirstOrThrow();
      treatedEnrolment = enrolment.id;
      treatedName = enrolment.name;
    } finally {
      await database.close();
    }
    const refused = await run(['enrol', 'add', '--pilot', pilot, '--person', String(controlPerson)], false);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is a control cluster of pilot/);
    const move = (to: string, version: string) =>
      run(
        [
          'enrol',
          'move',
          '--enrolment',
          String(treatedEnrolment),
          '--to',
          to,
          '--expected-version',
          version,
          '--json',
        ],
        false,
      );
    const contacted = await move('contacted', '1');
    expect(contacted.code, contacted.stderr).toBe(0);
    expect(lastJson(contacted.stdout)).toMatchObject({ state: 'contacted', version: 2 });
    const stale = await move('declined', '1');
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(/was changed meanwhile \(now version 2, contacted\)/);
    const noConsent = await move('consented', '2');
    expect(noConsent.code).not.toBe(0);
    expect(noConsent.stderr).toMatch(/consent/);
    const invalid = await move('active', '2');
    expect(invalid.code).not.toBe(0);

    const pdf = path.join(dir, 'daftar.pdf');
    const list = await run([
      'enrol',
      'work-list',
      '--region',
      treatedVillage,
      '--facilitator',
      'Agustina',
      '--out',
      pdf,
      '--json',
    ]);
    expect(lastJson(list.stdout)).toMatchObject({ rows: 1, file: pdf });
    const pages = await pdfPages(fs.readFileSync(pdf));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(`(${treatedVillage})`);
    expect(pages[0]).toContain('Pendamping: Agustina');
    expect(pages[0]).toContain(treatedName);
    expect(pages[0]).toContain('sudah dihubungi');
    expect(pages[0]).toContain('minta persetujuan');
    expect(pages[0]).toContain('Tanda tangan');
    // CSV: address masked unless a purpose is stated, and the read is audited.
    const csv = path.join(dir, 'daftar.csv');
    await run(['enrol', 'work-list', '--region', treatedVillage, '--out', csv]);
    expect(fs.readFileSync(csv, 'utf8').split('\n')[1]).toContain(',Jalan ***,');
    expect(fs.readFileSync(csv, 'utf8')).not.toContain('Mawar');
    const full = await run([
      'enrol',
      'work-list',
      '--region',
      treatedVillage,
      '--purpose',
      'cetak',
      '--json',
    ]);
    expect(lastJson(full.stdout)).toMatchObject({
      identifiers_revealed: true,
      rows: 1,
      items: [{ address: 'Jalan Mawar 3' }],
    });

    // A non-randomised pilot: the program's villages and their matched comparisons.
    const matchedPilot = lastJson(
      (
        await run([
          'pilot',
          'create',
          '--name',
          'Pembanding CLI',
          '--region',
          '53.01',
          '--design',
          'non_randomized',
          '--waves',
          '2026-03-01,2026-06-01',
          '--policy',
          'pilot-test',
          '--villages',
          world.villages.join(','),
          '--json',
        ])
      ).stdout,
    ) as { id: number };
    const badWave = await run(
      ['pilot', 'match', '--pilot', String(matchedPilot.id), '--treated', `${world.villages[0]}:x`],
      false,
    );
    expect(badWave.stderr).toMatch(/--treated \(item 1\) wave/);
    const matched = lastJson(
      (
        await run([
          'pilot',
          'match',
          '--pilot',
          String(matchedPilot.id),
          '--treated',
          `${world.villages[0]},${world.villages[1]}:2`,
          '--json',
        ])
      ).stdout,
    ) as { algorithm: string; treated: number; matching: { pairs: unknown[]; unmatched: string[] } };
    expect(matched).toMatchObject({ algorithm: 'entas-match/1', treated: 2 });
    expect(matched.matching.pairs.length + matched.matching.unmatched.length).toBe(2);
  }, 600_000);
});
