import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, programFor } from './command-modules.js';
import { buildProgram, LONG_RUNNING_COMMANDS } from './program.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/test-database.js';
import { entas, lastJson, ENTAS_BIN as bin } from '../testing/cli.js';

describe('entas nik (no database needed)', () => {
  it('prints the documented JSON for a valid NIK and exits 0', async () => {
    const result = await entas(['nik', '5301054512900003', '--json']);
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toEqual({
      nik: '5301054512900003',
      valid: true,
      province_code: '53',
      regency_code: '53.01',
      district_code: '53.01.05',
      birth_date: '1990-12-05',
      sex: 'P',
      serial: '0003',
      errors: [],
      warnings: [],
    });
  });

  it('exits 1 for an invalid NIK and says what is wrong', async () => {
    const result = await entas(['nik', '5301053202900003', '--json']);
    expect(result.code).toBe(1);
    const parsed = lastJson(result.stdout) as { valid: boolean; errors: { code: string; message: string }[] };
    expect(parsed.valid).toBe(false);
    expect(parsed.errors[0]?.message).toMatch(/3202|day 32/);
  });

  it('answers --help from the installed binary', async () => {
    const top = await entas(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: entas');
  });

  it('gives every command help, and every result-printing command --json', () => {
    const program = buildProgram();
    const leaves: Command[] = [];
    const walk = (command: Command) => {
      for (const sub of command.commands) {
        expect(sub.description(), sub.name()).not.toBe('');
        expect(sub.helpInformation()).toContain('Usage: entas');
        if (sub.commands.length === 0) leaves.push(sub);
        walk(sub);
      }
    };
    walk(program);
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['regions', 'nik', 'migrate', 'db', 'serve', 'start']));
    for (const leaf of leaves) {
      if (LONG_RUNNING_COMMANDS.has(leaf.name())) continue;
      expect(
        leaf.options.some((o) => o.long === '--json'),
        `${leaf.parent?.name() ?? ''} ${leaf.name()} has --json`,
      ).toBe(true);
    }
  });

  it('loads a listed command alone with the same help as in the whole tree', async () => {
    const whole = buildProgram();
    for (const name of Object.keys(COMMAND_MODULES)) {
      const alone = await programFor([name, '--json']);
      const command = alone.commands.find((c) => c.name() === name);
      expect(command, name).toBeDefined();
      expect(command!.helpInformation()).toBe(
        whole.commands.find((c) => c.name() === name)!.helpInformation(),
      );
    }
  });

  it('rejects an unknown command with a one-line hint', async () => {
    const result = await entas(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.each(testEngines())('CLI contracts on %s', (kind) => {
  let testDatabase: TestDatabase;
  const env = () => testDatabase.env;

  it('reports region counts exactly', async () => {
    testDatabase = await createTestDatabase(kind);
    const result = await entas(['regions', 'stats', '--json'], env());
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toEqual({
      provinces: 38,
      regencies: 514,
      districts: 7285,
      villages: 83762,
    });
  });

  it('shows a region written without dots, with its ancestors', async () => {
    const result = await entas(['regions', 'show', '530105', '--json'], env());
    expect(result.code).toBe(0);
    const region = lastJson(result.stdout) as {
      code: string;
      name: string;
      ancestors: { code: string }[];
      villages: number;
    };
    expect(region.code).toBe('53.01.05');
    expect(region.ancestors.map((a) => a.code)).toEqual(['53', '53.01']);
    expect(region.villages).toBeGreaterThan(0);
  });

  it('fails on unknown and malformed region codes with one line naming the value', async () => {
    const unknown = await entas(['regions', 'show', '99.99'], env());
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('entas: unknown region code "99.99"');
    const malformed = await entas(['regions', 'show', '53.1'], env());
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('"53.1"');
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('migrates idempotently and counts rows', async () => {
    const migrate = await entas(['migrate', '--json'], env());
    expect(migrate.code).toBe(0);
    expect((lastJson(migrate.stdout) as { applied: string[] }).applied).toEqual([]);
    const counts = await entas(['db', 'counts', '--json'], env());
    expect(counts.code).toBe(0);
    expect(lastJson(counts.stdout)).toMatchObject({ households: 0, persons: 0, cooperatives: 0, members: 0 });
  });

  it('serves /healthz', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, [bin, 'serve', '--port', String(port)], {
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      let body: unknown;
      for (let i = 0; i < 150 && body === undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        body = await fetch(`http://127.0.0.1:${port}/healthz`)
          .then((r) => (r.ok ? r.json() : undefined))
          .catch(() => undefined);
      }
      expect(body).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await testDatabase.dispose();
  });
});
