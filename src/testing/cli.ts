import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The installed entry point; it runs the compiled CLI, so build (`npx tsc -p tsconfig.json`) before CLI tests. */
export const ENTAS_BIN = new URL('../../bin/entas.js', import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);

/**
 * Runs `entas ARGS` in a child process with extra environment; never throws on a non-zero exit. The CLI speaks
 * English here (ENTAS_LANG=en) so tests read the English texts; pass ENTAS_LANG=id (or --lang id) for Indonesian.
 */
export async function entas(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [ENTAS_BIN, ...args], {
      env: { ...process.env, ENTAS_LANG: 'en', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The JSON a command printed with --json: the last line of stdout. */
export const lastJson = (stdout: string): unknown => JSON.parse(stdout.trim().split('\n').pop()!);
