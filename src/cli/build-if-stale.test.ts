import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;

/** Runs bin/build-if-stale.js of a copied project and returns what it printed on stderr. */
function buildIfStale(project: string): string {
  const result = spawnSync(process.execPath, [path.join(project, 'bin', 'build-if-stale.js')], {
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

describe('npm start builds once', () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-build-'));
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('does not run tsc itself: bin/build-if-stale.js compiles only when a source is newer than the build', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe('node bin/build-if-stale.js && node bin/entas.js start');
    expect(pkg.scripts.prepare).toMatch(/tsc -p tsconfig.json/);

    // A one-file project with the same compiler settings, resolving TypeScript from this checkout.
    fs.mkdirSync(path.join(project, 'bin'));
    fs.mkdirSync(path.join(project, 'src'));
    fs.copyFileSync(
      path.join(repo, 'bin', 'build-if-stale.js'),
      path.join(project, 'bin', 'build-if-stale.js'),
    );
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(project, 'node_modules'));
    fs.writeFileSync(path.join(project, 'package.json'), '{"type":"module"}');
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          outDir: 'dist',
          rootDir: '.',
          incremental: true,
          tsBuildInfoFile: 'dist/.tsbuildinfo',
          types: [],
        },
        include: ['src/**/*.ts'],
      }),
    );
    const source = path.join(project, 'src', 'a.ts');
    const output = path.join(project, 'dist', 'src', 'a.js');
    fs.writeFileSync(source, 'export const answer: number = 1;\n');

    expect(buildIfStale(project)).toMatch(/compiling/);
    expect(fs.readFileSync(output, 'utf8')).toMatch(/answer = 1/);
    // Built and unchanged: nothing to do.
    expect(buildIfStale(project)).toBe('');
    // A pulled change (newer source) is compiled before the server starts.
    fs.writeFileSync(source, 'export const answer: number = 2;\n');
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(source, later, later);
    expect(buildIfStale(project)).toMatch(/compiling/);
    expect(fs.readFileSync(output, 'utf8')).toMatch(/answer = 2/);
    expect(buildIfStale(project)).toBe('');
  });
});
