import { spawn, type ChildProcess } from 'node:child_process';
import { ENTAS_BIN } from './cli.js';

/** A spawned `entas serve|start` on a free port (compiled CLI: build before these tests). */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Sends a signal and resolves with the exit code (null when killed by a signal) and the time it took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Starts `entas COMMAND --port 0` and resolves once it says where it listens. */
export async function startServer(
  command: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [ENTAS_BIN, ...command, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${stderr}`)),
      options.timeoutMs ?? 120_000,
    );
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    url,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}
