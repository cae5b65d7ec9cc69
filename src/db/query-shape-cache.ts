import type { Compilable, CompiledQuery } from 'kysely';

/** Stands for the varying value while a shape is compiled; no id or count is ever this small. */
const PLACEHOLDERS = [Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER + 1] as const;

interface Shape {
  compiled: CompiledQuery<unknown>;
  /** Indexes of `compiled.parameters` that carry the varying value. */
  positions: number[];
}

/**
 * Kysely builds and compiles a query anew on every call: for the household detail (five JSON sub-selects) that
 * was a third of the request's server CPU in bench:api. A shape cache compiles a query once per shape — all of
 * it except one integer parameter, typically the record's id — and reuses the SQL text with the value swapped in.
 *
 * The shape key must name everything else the builder depends on (scope codes, options). To catch a builder whose
 * SQL or other parameters depend on the value, each shape is compiled twice with two different placeholders and
 * refused unless only the placeholder positions differ. At most `capacity` shapes are kept (the oldest goes first):
 * keys follow users' scopes, which are many on a national deployment.
 */
export class QueryShapeCache {
  private readonly shapes = new Map<string, Shape>();

  constructor(readonly capacity = 500) {}

  get size(): number {
    return this.shapes.size;
  }

  /** The compiled query of `build(value)`, from the cached shape `key` when there is one. */
  compile<R>(key: string, value: number, build: (value: number) => Compilable<R>): CompiledQuery<R> {
    if (!Number.isSafeInteger(value) || value <= PLACEHOLDERS[1]) {
      throw new Error(`QueryShapeCache: ${value} is not a value a shape can carry`);
    }
    let shape = this.shapes.get(key);
    if (!shape) {
      shape = shapeOf(key, build);
      if (this.shapes.size >= this.capacity) this.shapes.delete(this.shapes.keys().next().value!);
      this.shapes.set(key, shape);
    }
    const parameters = [...shape.compiled.parameters];
    for (const i of shape.positions) parameters[i] = value;
    return { ...shape.compiled, parameters };
  }
}

function shapeOf(key: string, build: (value: number) => Compilable<unknown>): Shape {
  const [first, second] = PLACEHOLDERS.map((p) => build(p).compile());
  const positions = first!.parameters.flatMap((p, i) => (p === PLACEHOLDERS[0] ? [i] : []));
  const same =
    first!.sql === second!.sql &&
    first!.parameters.length === second!.parameters.length &&
    positions.length > 0 &&
    first!.parameters.every((p, i) =>
      positions.includes(i)
        ? second!.parameters[i] === PLACEHOLDERS[1]
        : JSON.stringify(p) === JSON.stringify(second!.parameters[i]),
    );
  if (!same) {
    throw new Error(`QueryShapeCache: shape "${key}" changes with its value; it cannot be cached`);
  }
  return { compiled: first!, positions };
}
