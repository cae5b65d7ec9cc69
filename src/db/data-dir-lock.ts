import fs from 'node:fs';
import os from 'node:os';
import { say, UserError } from '../shared/errors.js';

/**
 * The embedded database (PGlite) belongs to one process: a second process opening the same folder corrupts it
 * (issue #11). Whoever opens it first takes this lock, a file created atomically (O_EXCL) beside the database
 * and removed on close; every other process refuses to open the folder while the holder is alive. A lock left
 * by a process that died without closing (kill -9, power cut) is taken over, and reported as an unclean
 * shutdown so the caller can check the indexes.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  started_at: string;
  /** Linux: the holder's start time in clock ticks since boot, to tell a reused PID from the holder. */
  proc_start?: string;
}

export interface DataDirLock {
  readonly path: string;
  /** The holder found dead when this lock was taken: the database was not closed cleanly. */
  readonly staleHolder: LockHolder | undefined;
  release(): void;
}

/** Locks this process holds, so a lock file naming our own PID is recognised as ours or as a left-over. */
const held = new Set<string>();

export function acquireDataDirLock(lockPath: string, database: string): DataDirLock {
  let staleHolder: LockHolder | undefined;
  for (let attempt = 0; ; attempt++) {
    const me: LockHolder = {
      pid: process.pid,
      hostname: os.hostname(),
      started_at: new Date().toISOString(),
      ...(procStart(process.pid) ? { proc_start: procStart(process.pid) } : {}),
    };
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me) + '\n');
      fs.closeSync(fd);
      held.add(lockPath);
      let released = false;
      return {
        path: lockPath,
        staleHolder,
        release: () => {
          if (released) return;
          released = true;
          held.delete(lockPath);
          fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const holder = readHolder(lockPath);
    if (holder && isAlive(holder, lockPath)) throw inUse(holder, lockPath, database);
    // Dead holder (or a half-written file from a crash): take the lock over. Two processes racing here both
    // remove it, but only one wins the O_EXCL create above.
    staleHolder = holder ?? { pid: 0, hostname: '?', started_at: '?' };
    fs.rmSync(lockPath, { force: true });
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return undefined;
    return parsed as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder, lockPath: string): boolean {
  // Another machine (a shared network folder): its PID cannot be checked here, so assume it is running.
  if (holder.hostname !== os.hostname()) return true;
  // Our own PID: alive only if this process really holds it (a container restarts with the same PID).
  if (holder.pid === process.pid) return held.has(lockPath);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The PID is in use; on Linux tell the original holder from an unrelated process that reused the PID.
  if (holder.proc_start) {
    const now = procStart(holder.pid);
    if (now !== undefined && now !== holder.proc_start) return false;
  }
  return true;
}

/** Field 22 of /proc/PID/stat (start time since boot); undefined off Linux. */
function procStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function inUse(holder: LockHolder, lockPath: string, database: string): UserError {
  const where = holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`;
  const whereId = holder.hostname === os.hostname() ? '' : ` di ${holder.hostname}`;
  return new UserError(
    say(
      `the embedded database ${database} is in use by process ${holder.pid}${where} (since ${holder.started_at}); ` +
        `only one process may open it. Stop that process first (e.g. Ctrl+C on \`npm start\`), or while the server ` +
        `runs use its API instead (users: POST /api/v1/users as an admin). If no entas process is running, ` +
        `delete ${lockPath}.`,
      `basis data tertanam ${database} sedang dipakai oleh proses ${holder.pid}${whereId} (sejak ${holder.started_at}); ` +
        `hanya satu proses boleh membukanya. Hentikan proses itu dulu (mis. Ctrl+C pada \`npm start\`), atau selama ` +
        `server berjalan gunakan API-nya (pengguna: POST /api/v1/users sebagai admin). Jika tidak ada proses entas ` +
        `yang berjalan, hapus ${lockPath}.`,
    ),
    'database_in_use',
    { pid: holder.pid, hostname: holder.hostname, started_at: holder.started_at, lock: lockPath },
  );
}
