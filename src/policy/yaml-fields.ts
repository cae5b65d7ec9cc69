import type { BilingualText } from './policy-types.js';
import { isMap, isScalar, isSeq, mapEntries, type Node, type YamlSource } from './yaml-source.js';

/**
 * A declarative schema for YAML maps that keeps node positions: each key of a map has a `Field` that reads its
 * value and reports every problem at the node that has it (or at the map, when the key is absent). The policy
 * reader describes its file with these instead of positional-boolean helpers.
 */

/** Where a field is read: the file collecting diagnostics and the map that holds (or lacks) the key. */
export interface FieldScope {
  source: YamlSource;
  container: Node;
}

/** Reads one key's value; `node` is undefined when the key is absent and null when it has no value. */
export type Field<T> = (
  scope: FieldScope,
  node: Node | null | undefined,
  path: string,
  key: string,
) => T | undefined;

export type Shape = Record<string, Field<unknown>>;
export type ShapeValues<S extends Shape> = {
  [K in keyof S]: S[K] extends Field<infer T> ? T | undefined : never;
};

export interface MapRead<S extends Shape> {
  values: ShapeValues<S>;
  /** The value node of each key present, for checks across keys. */
  nodes: Map<string, Node | null>;
}

const joinPath = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);
const scalarValue = (node: Node | null | undefined): unknown =>
  node && isScalar(node) ? node.value : undefined;

/** Reads every key of `shape` from a map node, reporting keys the shape does not know. */
export function readMap<S extends Shape>(source: YamlSource, node: Node, path: string, shape: S): MapRead<S> {
  const nodes = new Map<string, Node | null>();
  const allowed = Object.keys(shape);
  for (const [key, keyNode, value] of mapEntries(node)) {
    if (!Object.hasOwn(shape, key)) {
      source.error(
        keyNode,
        joinPath(path, key),
        'unknown_key',
        `unknown key "${key}" (allowed: ${allowed.join(', ')})`,
      );
    }
    nodes.set(key, value);
  }
  const scope: FieldScope = { source, container: node };
  const values = {} as Record<string, unknown>;
  for (const key of allowed) {
    const value = nodes.has(key) ? (nodes.get(key) ?? null) : undefined;
    values[key] = shape[key]!(scope, value, joinPath(path, key), key);
  }
  return { values: values as ShapeValues<S>, nodes };
}

/** A nested map read with its own shape and turned into a value by `build` (null when it cannot be). */
export function mapOf<S extends Shape, T>(
  shape: S,
  notAMap: string,
  build: (read: MapRead<S>, node: Node, path: string) => T | null,
): (source: YamlSource, node: Node, path: string) => T | null {
  return (source, node, path) => {
    if (!isMap(node)) {
      source.error(node, path, 'wrong_type', notAMap);
      return null;
    }
    return build(readMap(source, node, path, shape), node, path);
  };
}

function missing(scope: FieldScope, path: string, key: string, message = `"${key}" is required`): undefined {
  scope.source.error(scope.container, path, 'missing', message);
  return undefined;
}

/** Non-empty text, optionally checked (the check returns true or why the value is refused). */
export function text(
  options: { required?: boolean; check?: (v: string) => true | string } = {},
): Field<string> {
  return (scope, node, path, key) => {
    if (node === undefined) return options.required ? missing(scope, path, key) : undefined;
    const value = scalarValue(node);
    if (typeof value !== 'string' || value.trim() === '') {
      scope.source.error(node ?? scope.container, path, 'wrong_type', `"${key}" must be non-empty text`);
      return undefined;
    }
    const verdict = options.check?.(value) ?? true;
    if (verdict !== true) {
      scope.source.error(node, path, 'invalid', `"${key}" is "${value}": ${verdict}`);
      return undefined;
    }
    return value;
  };
}

/** A whole number of at least `min`. */
export function wholeNumber(options: { required?: boolean; min: number }): Field<number> {
  return (scope, node, path, key) => {
    if (node === undefined) return options.required ? missing(scope, path, key) : undefined;
    const value = scalarValue(node);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < options.min) {
      scope.source.error(
        node ?? scope.container,
        path,
        'wrong_type',
        `"${key}" must be a whole number ≥ ${options.min}`,
      );
      return undefined;
    }
    return value;
  };
}

/** Whole rupiah ≥ 0; 0 when absent or refused (the refusal is reported). */
export function rupiah(): Field<number> {
  return (scope, node, path, key) => {
    if (node === undefined) return 0;
    const value = scalarValue(node);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      scope.source.error(node ?? scope.container, path, 'wrong_type', `"${key}" must be whole rupiah ≥ 0`);
      return 0;
    }
    return value;
  };
}

/** true or false; `absent` when the key is not written. */
export function bool(absent: boolean): Field<boolean> {
  return (scope, node, path, key) => {
    if (node === undefined) return absent;
    const value = scalarValue(node);
    if (typeof value !== 'boolean') {
      scope.source.error(node ?? scope.container, path, 'wrong_type', `"${key}" must be true or false`);
      return undefined;
    }
    return value;
  };
}

/** A field that may be left out: absent reads as undefined without a report. */
export function optional<T>(field: Field<T>): Field<T> {
  return (scope, node, path, key) => (node === undefined ? undefined : field(scope, node, path, key));
}

/** Accepted as written and not read (documentation keys such as `description`). */
export function anything(): Field<never> {
  return () => undefined;
}

/** Text in Bahasa Indonesia and English: `{id: "…", en: "…"}`; `absent` is used when the key is not written. */
export function bilingual(absent?: BilingualText): Field<BilingualText> {
  return (scope, node, path) => {
    if (node === undefined && absent) return absent;
    const result = { id: '', en: '' };
    if (!node || !isMap(node)) {
      scope.source.error(
        node ?? scope.container,
        path,
        'wrong_type',
        `"${path}" needs text in both languages: {id: "…", en: "…"}`,
      );
      return result;
    }
    const entries = new Map<string, Node | null>();
    for (const [lang, keyNode, value] of mapEntries(node)) {
      entries.set(lang, value);
      if (lang !== 'id' && lang !== 'en') {
        scope.source.error(
          keyNode,
          `${path}.${lang}`,
          'unknown_key',
          `unknown language "${lang}" (use id and en)`,
        );
      }
    }
    for (const lang of ['id', 'en'] as const) {
      const value = scalarValue(entries.get(lang));
      if (typeof value !== 'string' || value.trim() === '') {
        scope.source.error(
          entries.get(lang) ?? node,
          `${path}.${lang}`,
          'missing_text',
          `"${path}" needs non-empty "${lang}" text`,
        );
      } else result[lang] = value;
    }
    return result;
  };
}

/** A non-empty list, each item read by `item` (null items are kept so indexes match the file). */
export function listOf<T>(
  item: (source: YamlSource, node: Node, path: string, index: number) => T | null,
): Field<Array<T | null>> {
  return (scope, node, path, key) => {
    if (!node || !isSeq(node) || node.items.length === 0) {
      scope.source.error(
        node ?? scope.container,
        path,
        node ? 'wrong_type' : 'missing',
        `"${key}" must be a non-empty list`,
      );
      return [];
    }
    return (node.items as Node[]).map((child, i) => item(scope.source, child, `${path}[${i}]`, i));
  };
}
