import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { acquireDataDirLock } from './data-dir-lock.js';

describe('the embedded database lock', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-lock-'));
    lockPath = path.join(dir, 'db.lock');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const writeLock = (holder: object) => fs.writeFileSync(lockPath, JSON.stringify(holder));

  it('is held until released, refuses a second opener meanwhile, and leaves no file behind', () => {
    const lock = acquireDataDirLock(lockPath, 'db');
    expect(lock.staleHolder).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: os.hostname(),
    });
    expect(() => acquireDataDirLock(lockPath, 'db')).toThrow(/in use by process \d+/);
    lock.release();
    expect(fs.existsSync(lockPath)).toBe(false);
    acquireDataDirLock(lockPath, 'db').release();
  });

  it('refuses while another live process holds it, naming its PID in both languages', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      writeLock({ pid: child.pid, hostname: os.hostname(), started_at: '2026-01-01T00:00:00Z' });
      let caught: unknown;
      try {
        acquireDataDirLock(lockPath, '/data/db');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UserError);
      const error = caught as UserError;
      expect(error.code).toBe('database_in_use');
      expect(error.message).toContain(`process ${child.pid}`);
      expect(error.message).toMatch(/Stop that process.*API/);
      expect(error.messageId).toContain(`proses ${child.pid}`);
      expect(fs.existsSync(lockPath)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died (kill -9) and reports the unclean shutdown', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")']);
    expect(dead.signal).toBe('SIGKILL');
    const holder = { pid: dead.pid, hostname: os.hostname(), started_at: '2026-01-01T00:00:00Z' };
    writeLock(holder);
    const lock = acquireDataDirLock(lockPath, 'db');
    expect(lock.staleHolder).toMatchObject(holder);
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over a lock naming this process that this process does not hold (a restarted container, same PID)', () => {
    writeLock({ pid: process.pid, hostname: os.hostname(), started_at: '2026-01-01T00:00:00Z' });
    const lock = acquireDataDirLock(lockPath, 'db');
    expect(lock.staleHolder?.pid).toBe(process.pid);
    lock.release();
  });

  it.runIf(process.platform === 'linux')('tells a reused PID from the holder by its start time', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      writeLock({ pid: child.pid, hostname: os.hostname(), started_at: '?', proc_start: '1' });
      const lock = acquireDataDirLock(lockPath, 'db');
      expect(lock.staleHolder?.pid).toBe(child.pid);
      lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over an unreadable (half-written) lock file', () => {
    fs.writeFileSync(lockPath, '{"pid":');
    const lock = acquireDataDirLock(lockPath, 'db');
    expect(lock.staleHolder).toBeDefined();
    lock.release();
  });
});
