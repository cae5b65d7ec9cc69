import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
import { startServer, type ServerProcess } from '../../testing/server-process.js';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.js';

const PASSWORD = 'long-enough-pass';

async function signIn(server: ServerProcess, username: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return response.status;
}

// PGlite only: the lock guards the embedded database; a PostgreSQL server handles many clients itself.
describe('the CLI beside a running server on the embedded database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
  });
  afterAll(async () => t?.dispose());

  it('refuses writes and reads with the server PID, leaves the database intact, and SIGTERM stops the server with 0', async () => {
    const added = await entas(
      [
        'users',
        'add',
        '--username',
        'analis',
        '--password',
        PASSWORD,
        '--role',
        'bptaskin_analyst',
        '--json',
      ],
      t.env,
    );
    expect(added.code, added.stderr).toBe(0);

    let server = await startServer(['serve'], t.env);
    try {
      expect(await signIn(server, 'analis')).toBe(200);
      const write = await entas(
        ['users', 'add', '--username', 'rina', '--password', PASSWORD, '--role', 'bptaskin_analyst'],
        t.env,
      );
      expect(write.code).toBe(2);
      expect(write.stderr).toContain(`process ${server.pid}`);
      expect(write.stderr).toMatch(/Stop that process|Hentikan proses itu/);
      const read = await entas(['users', 'list', '--json'], t.env);
      expect(read.code).toBe(2);
      expect(read.stderr).toContain(`${server.pid}`);
      expect(await signIn(server, 'analis')).toBe(200);
    } finally {
      const stopped = await server.stop('SIGTERM');
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(30_000);
    }

    const list = await entas(['users', 'list', '--json'], t.env);
    expect(list.code, list.stderr).toBe(0);
    expect((lastJson(list.stdout) as { username: string }[]).map((u) => u.username)).toEqual(['analis']);
    server = await startServer(['serve'], t.env);
    try {
      expect(await signIn(server, 'analis')).toBe(200);
      expect(await signIn(server, 'rina')).toBe(401);
    } finally {
      expect((await server.stop('SIGINT')).code).toBe(0);
    }
  }, 300_000);

  it('starts after a server was killed with SIGKILL (stale lock) and says it checked the indexes', async () => {
    const killed = await startServer(['serve'], t.env);
    expect((await killed.stop('SIGKILL')).code).toBeNull();
    const server = await startServer(['serve'], t.env);
    try {
      expect(server.stderr()).toMatch(new RegExp(`not closed cleanly \\(process ${killed.pid}`));
      expect(server.stderr()).toMatch(/indexes checked/);
      expect(await signIn(server, 'analis')).toBe(200);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  }, 300_000);
});
