import type { ASTNode } from '@marcbachmann/cel-js';

/**
 * Compiles a type-checked CEL condition into a plain JavaScript closure over the household context (whole
 * numbers as JavaScript numbers), so evaluating millions of households costs no interpretation. Covers the
 * CEL a targeting rule needs — literals, field access, has(), comparisons, + - *, &&/|| with CEL's
 * commutative error handling, !, ?:, in, size(), exists/all/exists_one/filter/map, string
 * contains/startsWith/endsWith. Anything else (division, conversions, optional chaining…) returns null
 * and the rule runs on the reference CEL evaluator instead. policy-engines.test.ts checks both agree.
 */
export type FastCondition = (household: Record<string, unknown>) => unknown;

type Eval = (h: Record<string, unknown>, vars: unknown[]) => unknown;

export class FastEvalError extends Error {}

class Unsupported extends Error {}

export function compileFast(ast: ASTNode, params: Record<string, unknown>): FastCondition | null {
  try {
    const fn = new FastCompiler(params).compile(ast, new Map());
    return (h) => fn(h, NO_VARS);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

const ERROR = Symbol('error');
/** Macro frames copy what they need, so the top level can share one empty frame. */
const NO_VARS: unknown[] = [];

function field(target: unknown, name: string): unknown {
  if (target === null || typeof target !== 'object') throw new FastEvalError(`No such key: ${name}`);
  const value = (target as Record<string, unknown>)[name];
  if (value === undefined) throw new FastEvalError(`No such key: ${name}`);
  return value;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}

function attempt(fn: Eval, h: Record<string, unknown>, vars: unknown[]): unknown {
  try {
    return fn(h, vars);
  } catch (error) {
    if (error instanceof FastEvalError) return ERROR;
    throw error;
  }
}

function size(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.keys(value).length;
  throw new FastEvalError('no such overload: size');
}

class FastCompiler {
  constructor(private readonly params: Record<string, unknown>) {}

  compile(node: ASTNode, scope: Map<string, number>): Eval {
    switch (node.op) {
      case 'value': {
        const v = node.args;
        if (typeof v === 'bigint') {
          const n = Number(v);
          return () => n;
        }
        if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
          return () => v;
        throw new Unsupported();
      }
      case 'id': {
        const name = node.args;
        const slot = scope.get(name);
        if (slot !== undefined) return (_h, vars) => vars[slot];
        if (name === 'household') return (h) => h;
        if (name === 'params') {
          const p = this.params;
          return () => p;
        }
        throw new Unsupported();
      }
      case '.': {
        const [targetNode, name] = node.args;
        if (targetNode.op === 'id' && targetNode.args === 'params' && !scope.has('params')) {
          // Parameters are constants of the policy: fold them in at compile time.
          const value = this.params[name];
          if (value === undefined) throw new Unsupported();
          return () => value;
        }
        const target = this.compile(targetNode, scope);
        if (targetNode.op === 'id' && targetNode.args === 'household' && !scope.has('household')) {
          return (h) => {
            const value = h[name];
            if (value === undefined) throw new FastEvalError(`No such key: ${name}`);
            return value;
          };
        }
        return (h, vars) => field(target(h, vars), name);
      }
      case '[]': {
        const target = this.compile(node.args[0], scope);
        const index = this.compile(node.args[1], scope);
        return (h, vars) => {
          const t = target(h, vars);
          const i = index(h, vars);
          if (Array.isArray(t)) {
            if (typeof i !== 'number' || i < 0 || i >= t.length)
              throw new FastEvalError('No such key: index out of bounds');
            return t[i] as unknown;
          }
          return field(t, String(i));
        };
      }
      case '==':
      case '!=': {
        const a = this.compile(node.args[0], scope);
        const b = this.compile(node.args[1], scope);
        const negate = node.op === '!=';
        return (h, vars) => equal(a(h, vars), b(h, vars)) !== negate;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.comparison(
          node.op,
          this.compile(node.args[0], scope),
          this.compile(node.args[1], scope),
          this.constantOf(node.args[1], scope),
        );
      case '+': {
        const a = this.compile(node.args[0], scope);
        const b = this.compile(node.args[1], scope);
        return (h, vars) => {
          const x = a(h, vars);
          const y = b(h, vars);
          if (Array.isArray(x) && Array.isArray(y)) return [...(x as unknown[]), ...(y as unknown[])];
          return (x as number) + (y as number);
        };
      }
      case '-':
      case '*': {
        const a = this.compile(node.args[0], scope);
        const b = this.compile(node.args[1], scope);
        return node.op === '-'
          ? (h, vars) => (a(h, vars) as number) - (b(h, vars) as number)
          : (h, vars) => (a(h, vars) as number) * (b(h, vars) as number);
      }
      case '-_': {
        const a = this.compile(node.args, scope);
        return (h, vars) => -(a(h, vars) as number);
      }
      case '!_': {
        const a = this.compile(node.args, scope);
        return (h, vars) => !(a(h, vars) as boolean);
      }
      case '&&':
      case '||':
        return this.logical(node.op, this.compile(node.args[0], scope), this.compile(node.args[1], scope));
      case '?:': {
        const [c, t, f] = node.args.map((n) => this.compile(n, scope)) as [Eval, Eval, Eval];
        return (h, vars) => (c(h, vars) === true ? t(h, vars) : f(h, vars));
      }
      case 'in': {
        const item = this.compile(node.args[0], scope);
        const container = this.compile(node.args[1], scope);
        return (h, vars) => {
          const v = item(h, vars);
          const c = container(h, vars);
          if (Array.isArray(c)) {
            for (const x of c) if (x === v || equal(x, v)) return true;
            return false;
          }
          if (c && typeof c === 'object') return Object.prototype.hasOwnProperty.call(c, String(v));
          throw new FastEvalError('no such overload: in');
        };
      }
      case 'list': {
        const items = node.args.map((n) => this.compile(n, scope));
        return (h, vars) => items.map((f) => f(h, vars));
      }
      case 'call':
        return this.call(node.args[0], node.args[1], scope);
      case 'rcall':
        return this.receiverCall(node.args[0], node.args[1], node.args[2], scope);
      default:
        throw new Unsupported();
    }
  }

  private comparison(op: '<' | '<=' | '>' | '>=', a: Eval, b: Eval, constant?: unknown): Eval {
    if (typeof constant === 'number' || typeof constant === 'string') {
      // Right side is a literal or a parameter: compare against the value directly.
      const c = constant as number;
      switch (op) {
        case '<':
          return (h, vars) => (a(h, vars) as number) < c;
        case '<=':
          return (h, vars) => (a(h, vars) as number) <= c;
        case '>':
          return (h, vars) => (a(h, vars) as number) > c;
        default:
          return (h, vars) => (a(h, vars) as number) >= c;
      }
    }
    switch (op) {
      case '<':
        return (h, vars) => (a(h, vars) as number) < (b(h, vars) as number);
      case '<=':
        return (h, vars) => (a(h, vars) as number) <= (b(h, vars) as number);
      case '>':
        return (h, vars) => (a(h, vars) as number) > (b(h, vars) as number);
      default:
        return (h, vars) => (a(h, vars) as number) >= (b(h, vars) as number);
    }
  }

  /** CEL's commutative && and ||: a decisive value on either side wins over an error on the other. */
  private logical(op: '&&' | '||', a: Eval, b: Eval): Eval {
    const decisive = op === '||';
    return (h, vars) => {
      let x: unknown;
      try {
        x = a(h, vars);
      } catch (error) {
        if (!(error instanceof FastEvalError)) throw error;
        x = ERROR;
      }
      if (x === decisive) return decisive;
      const y = b(h, vars);
      if (y === decisive) return decisive;
      if (x === ERROR) a(h, vars);
      return !decisive;
    };
  }

  /** The value of a literal or `params.NAME` node, else undefined. */
  private constantOf(node: ASTNode, scope: Map<string, number>): unknown {
    if (node.op === 'value') return typeof node.args === 'bigint' ? Number(node.args) : node.args;
    if (
      node.op === '.' &&
      node.args[0].op === 'id' &&
      node.args[0].args === 'params' &&
      !scope.has('params')
    ) {
      return this.params[node.args[1]];
    }
    return undefined;
  }

  private call(name: string, args: ASTNode[], scope: Map<string, number>): Eval {
    if (name === 'has' && args.length === 1 && args[0]?.op === '.') {
      const [targetNode, fieldName] = args[0].args;
      if (targetNode.op === 'id' && targetNode.args === 'household' && !scope.has('household')) {
        return (h) => h[fieldName] !== undefined;
      }
      const target = this.compile(targetNode, scope);
      return (h, vars) => {
        const t = target(h, vars);
        return t !== null && typeof t === 'object' && (t as Record<string, unknown>)[fieldName] !== undefined;
      };
    }
    if (name === 'size' && args.length === 1) {
      const a = this.compile(args[0]!, scope);
      return (h, vars) => size(a(h, vars));
    }
    throw new Unsupported();
  }

  private receiverCall(
    name: string,
    receiverNode: ASTNode,
    args: ASTNode[],
    scope: Map<string, number>,
  ): Eval {
    const receiver = this.compile(receiverNode, scope);
    if (
      ['exists', 'all', 'exists_one', 'filter', 'map'].includes(name) &&
      args.length === 2 &&
      args[0]?.op === 'id'
    ) {
      const inner = new Map(scope);
      const slot = scope.size;
      inner.set(args[0].args, slot);
      const body = this.compile(args[1]!, inner);
      return this.macro(name, receiver, body, slot);
    }
    const a = args.map((n) => this.compile(n, scope));
    if (name === 'size' && a.length === 0) return (h, vars) => size(receiver(h, vars));
    if ((name === 'contains' || name === 'startsWith' || name === 'endsWith') && a.length === 1) {
      const arg = a[0]!;
      const method = name === 'contains' ? 'includes' : name;
      return (h, vars) => (receiver(h, vars) as string)[method](arg(h, vars) as string);
    }
    throw new Unsupported();
  }

  private macro(name: string, receiver: Eval, body: Eval, slot: number): Eval {
    const each = (h: Record<string, unknown>, vars: unknown[], list: unknown) => {
      if (!Array.isArray(list)) throw new FastEvalError(`no such overload: ${name}`);
      return { items: list as unknown[], local: vars.slice(0, slot) };
    };
    switch (name) {
      case 'exists':
      case 'all': {
        const decisive = name === 'exists';
        return (h, vars) => {
          const { items, local } = each(h, vars, receiver(h, vars));
          let failed = false;
          for (const item of items) {
            local[slot] = item;
            const r = attempt(body, h, local);
            if (r === decisive) return decisive;
            if (r === ERROR) failed = true;
          }
          if (failed) throw new FastEvalError(`${name}: an element could not be evaluated`);
          return !decisive;
        };
      }
      case 'exists_one':
        return (h, vars) => {
          const { items, local } = each(h, vars, receiver(h, vars));
          let n = 0;
          for (const item of items) {
            local[slot] = item;
            if (body(h, local) === true) n++;
          }
          return n === 1;
        };
      case 'filter':
        return (h, vars) => {
          const { items, local } = each(h, vars, receiver(h, vars));
          return items.filter((item) => {
            local[slot] = item;
            return body(h, local) === true;
          });
        };
      default:
        return (h, vars) => {
          const { items, local } = each(h, vars, receiver(h, vars));
          return items.map((item) => {
            local[slot] = item;
            return body(h, local);
          });
        };
    }
  }
}
