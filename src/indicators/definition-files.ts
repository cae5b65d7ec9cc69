import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIndicatorSet, type IndicatorDefinition, type IndicatorSet } from './definition.js';

/** The built-in definition directory (`indicators/` at the package root), found from src/ and from dist/src/. */
export function builtInIndicatorDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'indicators', 'core.yaml');
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'package.json')))
      return path.join(dir, 'indicators');
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('indicators/core.yaml not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Every indicator set in a directory (one YAML file per set), ids unique across sets. */
export function loadIndicatorSets(dir = builtInIndicatorDir()): IndicatorSet[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const sets = files.map((f) =>
    parseIndicatorSet(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)),
  );
  const seen = new Map<string, string>();
  for (const set of sets)
    for (const def of set.indicators) {
      const other = seen.get(def.id);
      if (other) throw new Error(`indicator ${def.id} is defined in sets ${other} and ${set.name}`);
      seen.set(def.id, set.name);
    }
  return sets;
}

/** Definitions by id, in file order, with the set each belongs to. */
export function allDefinitions(sets: IndicatorSet[]): { set: string; def: IndicatorDefinition }[] {
  return sets.flatMap((s) => s.indicators.map((def) => ({ set: s.name, def })));
}
