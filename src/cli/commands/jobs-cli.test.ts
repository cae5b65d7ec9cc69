import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { runDemo } from '../../demo/run-demo.js';
import { loadIndicatorSets } from '../../indicators/definition-files.js';
import { refreshIndicators } from '../../indicators/indicator-service.js';
import { ENTAS_BIN, entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines } from '../../testing/test-database.js';

interface Shown {
  job: { id: number; state: string; parts: { total: number; done: number } };
  parts: Array<{
    key: string;
    state: string;
    attempts: number;
    progress_done: number;
    lease_owner: string | null;
  }>;
  result: unknown;
}

async function indicatorDigest(database: Database): Promise<string> {
  const { rows } = await sql<{ d: string }>`
    SELECT count(*) || ':' || md5(string_agg(concat_ws('|', indicator_id, version, period, region_code, parent_code,
           disaggregation, category, numerator, denominator), ';'
           ORDER BY indicator_id, version, period, region_code, disaggregation, category)) AS d
    FROM indicator_values`.execute(database.db);
  return rows[0]!.d;
}

/**
 * Starts `entas worker` and kills it (SIGKILL: no cleanup, its lease stays) once it has finished one part and
 * saved the first checkpoint of the next, so the killed part is mid-way whatever the machine's speed.
 */
async function killWorkerMidPart(env: Record<string, string>): Promise<string[]> {
  const child = spawn(process.execPath, [ENTAS_BIN, 'worker', '--lease-seconds', '3'], {
    env: { ...process.env, ENTAS_LANG: 'en', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const events: string[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const e = JSON.parse(line) as { type: string; part: string };
        events.push(`${e.type} ${e.part}`);
        if (e.type === 'checkpoint' && events.some((x) => x.startsWith('done'))) child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  return events;
}

describe.each(testEngines())('entas jobs and entas worker on %s', (kind) => {
  it("a killed worker's job resumes and finishes with the same values; list, show, cancel, retry", async () => {
    const testDb = await createTestDatabase(kind);
    try {
      let database = await testDb.open();
      for (const regency of ['53.01', '31.71', '11.01'])
        await runDemo(database, { regency, households: 150, seed: regency, actor: 'jobs-cli-test' });
      await refreshIndicators(database, { sets: loadIndicatorSets(), actor: 'jobs-cli-test' });
      const reference = await indicatorDigest(database);
      await database.exec('DELETE FROM indicator_values');
      await database.close();
      const env = testDb.env;

      const submitted = await entas(['jobs', 'submit', 'indicator-refresh', '--detach', '--json'], env);
      expect(submitted.code, submitted.stderr).toBe(0);
      const queued = lastJson(submitted.stdout) as Shown;
      expect(queued.job).toMatchObject({ state: 'queued', parts: { total: 4, done: 0 } });
      const id = String(queued.job.id);

      const events = await killWorkerMidPart(env);
      expect(events.filter((e) => !e.startsWith('checkpoint')).slice(0, 3)).toEqual([
        'claimed 11',
        'done 11',
        'claimed 31',
      ]);
      expect(events).toContain('checkpoint 31');
      const killed = lastJson((await entas(['jobs', 'show', id, '--json'], env)).stdout) as Shown;
      expect(killed.job.state).toBe('running');
      const orphan = killed.parts.find((p) => p.key === '31')!;
      expect(orphan).toMatchObject({ state: 'running', attempts: 1 });
      expect(orphan.lease_owner).not.toBeNull();

      // PostgreSQL: another worker takes the part over once the dead one's lease (3 s) runs out.
      if (kind === 'postgres') await sleep(3500);
      const resumed = await entas(['worker', '--until-idle', '--json'], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(lastJson(resumed.stdout)).toMatchObject({ parts: { done: 3, failed: 0 } });
      const finished = lastJson((await entas(['jobs', 'show', id, '--json'], env)).stdout) as Shown;
      expect(finished.job.state).toBe('done');
      expect(finished.parts.find((p) => p.key === '31')).toMatchObject({ state: 'done', attempts: 2 });
      database = await testDb.open();
      expect(await indicatorDigest(database)).toBe(reference);
      await database.close();

      // Without workers the CLI runs the job itself; the report is that of `policy simulate`.
      const simulated = await entas(
        ['jobs', 'submit', 'policy-simulate', '--policy', 'policies/default.yaml', '--json'],
        env,
      );
      expect(simulated.code, simulated.stderr).toBe(0);
      const direct = await entas(['policy', 'simulate', '--policy', 'policies/default.yaml', '--json'], env);
      expect((lastJson(simulated.stdout) as Shown).result).toEqual(lastJson(direct.stdout));

      const list = await entas(['jobs', 'list', '--json'], env);
      expect((lastJson(list.stdout) as { items: Array<{ kind: string; state: string }> }).items).toEqual([
        expect.objectContaining({ kind: 'policy-simulate', state: 'done' }),
        expect.objectContaining({ kind: 'indicator-refresh', state: 'done' }),
      ]);
      const text = await entas(['jobs', 'list'], env);
      expect(text.stdout).toMatch(/indicator-refresh\s+done\s+4\/4 parts/);

      const cancel = await entas(['jobs', 'cancel', id], env);
      expect(cancel.code).toBe(2);
      expect(cancel.stderr).toContain(`job ${id} is done: only a queued or running job can be cancelled`);
      const missing = await entas(['jobs', 'show', '999'], env);
      expect(missing.stderr).toContain('job 999 not found');
      const bad = await entas(
        ['jobs', 'submit', 'policy-simulate', '--policy', 'policies/default.yaml', '--province', '5'],
        env,
      );
      expect(bad.stderr).toContain('invalid --province "5"');

      // Cancel a queued job, then retry it: it runs here to the same result.
      const again = lastJson(
        (
          await entas(
            ['jobs', 'submit', 'policy-simulate', '--policy', 'policies/default.yaml', '--detach', '--json'],
            env,
          )
        ).stdout,
      ) as Shown;
      const cancelled = await entas(['jobs', 'cancel', String(again.job.id), '--json'], env);
      expect((lastJson(cancelled.stdout) as Shown).job.state).toBe('cancelled');
      const retried = await entas(['jobs', 'retry', String(again.job.id), '--json'], env);
      expect(retried.code, retried.stderr).toBe(0);
      expect((lastJson(retried.stdout) as Shown).result).toEqual(lastJson(direct.stdout));
    } finally {
      await testDb.dispose();
    }
  }, 300_000);

  it('has --help for jobs and worker', async () => {
    const help = await entas(['jobs', '--help']);
    expect(help.stdout).toMatch(/submit[\s\S]*list[\s\S]*show[\s\S]*cancel[\s\S]*retry/);
    const worker = await entas(['worker', '--help']);
    expect(worker.stdout).toContain('--concurrency <n>');
  });
});
