import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import { createPolicyEnvironment, parameterValue, type HouseholdField } from './context-schema.js';
import { compileFast, type FastCondition } from './fast-compiler.js';
import { rewriteNullComparisons } from './null-comparison.js';
import { readPolicy } from './policy-reader.js';
import type { PolicyDefinition, PolicyDiagnostic, Rule, SourcePosition } from './policy-types.js';
import type { Scalar, YamlSource } from './yaml-source.js';

/** A rule ready to run: its CEL condition compiled once, and the household fields it reads. */
export interface CompiledRule extends Rule {
  index: number;
  /** The reference CEL evaluator (cel-js), over CEL values (ints as bigint). */
  test: ParseResult;
  /** The same condition as a JavaScript closure over plain values, or null when it needs the reference evaluator. */
  fast: FastCondition | null;
  reads: HouseholdField[];
}

export interface CompiledPolicy {
  definition: PolicyDefinition;
  rules: CompiledRule[];
  /** Parameter values as CEL sees them (whole numbers as int). */
  params: Record<string, unknown>;
  /** Parameter values as the fast closures see them (plain numbers). */
  plainParams: Record<string, unknown>;
  /** Fields read by rules 0..i (what a household's decision depended on when rule i fired). */
  readsUpTo: HouseholdField[][];
  /** Fields read by all rules (what the default decision depended on). */
  readsAll: HouseholdField[];
  /**
   * Whether any rule can see the member list (`household.members`, or `household` as a whole value). When
   * none can, the database computes the member aggregates and only one row per household is read.
   */
  readsMembers: boolean;
  /** Whether any rule can read `household.is_coop_member` (cooperative membership is looked up only then). */
  readsCoopMembership: boolean;
  /** The policy file's text it was compiled from (worker threads compile their own copy). */
  source: string;
}

export interface CompileResult {
  policy: CompiledPolicy | null;
  diagnostics: PolicyDiagnostic[];
}

/**
 * Reads, checks and compiles a policy: YAML structure, CEL syntax and types against the household
 * context (unknown fields, wrong types, non-boolean conditions), unknown treatment codes and unreachable
 * rules. Any error means no policy: a policy that does not validate can never be simulated or applied.
 */
export function compilePolicy(text: string): CompileResult {
  const read = readPolicy(text);
  const { source } = read;
  const env = createPolicyEnvironment(read.partial.parameters);
  const plainParams: Record<string, unknown> = { ...read.partial.parameters };
  if (!read.policy) {
    // Still check every readable condition, so one run reports all the file's errors.
    read.partial.rules.forEach((rule, index) => {
      if (rule) compileRule(env, rule, index, read.whenNodes[index], source, plainParams, new Set());
    });
    return { policy: null, diagnostics: sorted(source.diagnostics) };
  }
  const definition = read.policy;
  const rules: CompiledRule[] = [];
  // Parameters named by every rule, those with errors included (an error is not a reason to call them unused).
  const usedParams = new Set<string>();
  definition.rules.forEach((rule, index) => {
    const node = read.whenNodes[index];
    const compiled = compileRule(env, rule, index, node, source, plainParams, usedParams);
    if (compiled) rules.push(compiled);
  });
  if (rules.length === definition.rules.length) findUnreachable(rules, read.whenNodes, source);
  findUnusedParameters(definition, usedParams, source, read.parameterPositions);
  const diagnostics = sorted(source.diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { policy: null, diagnostics };
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(definition.parameters)) params[k] = parameterValue(v);
  const readsUpTo: HouseholdField[][] = [];
  const seen = new Set<HouseholdField>();
  for (const rule of rules) {
    for (const f of rule.reads) seen.add(f);
    readsUpTo.push([...seen]);
  }
  const readsMembers = rules.some((r) => readsMemberList(r.test.ast));
  return {
    policy: {
      definition,
      rules,
      params,
      plainParams,
      readsUpTo,
      readsAll: [...seen],
      readsMembers,
      readsCoopMembership: readsMembers || seen.has('is_coop_member'),
      source: text,
    },
    diagnostics,
  };
}

function compileRule(
  env: Environment,
  rule: Rule,
  index: number,
  node: Scalar | undefined,
  source: YamlSource,
  plainParams: Record<string, unknown>,
  usedParams: Set<string>,
): CompiledRule | null {
  const path = `rules[${index}].when`;
  const place = (offset: number | undefined) =>
    node ? source.positionInScalar(node, offset ?? 0) : rule.whenPosition;
  let test: ParseResult;
  try {
    test = env.parse(rule.when);
  } catch (error) {
    // Unparsable: the parameters it names as written.
    for (const m of rule.when.matchAll(/\bparams\s*\.\s*([A-Za-z_]\w*)/g)) usedParams.add(m[1]!);
    const e = error as { range?: { start: number }; summary?: string; message: string };
    source.diagnostics.push({
      severity: 'error',
      code: 'cel_syntax',
      message: e.summary ?? firstLine(e.message),
      path,
      ...place(e.range?.start),
    });
    return null;
  }
  for (const name of fieldsOf(test.ast, 'params')) usedParams.add(name);
  // `field != null` / `field == null` become presence tests (has) for both engines; see null-comparison.ts.
  const rewrite = rewriteNullComparisons(rule.when, test.ast);
  const original = rewrite ? rewrite.originalOffset : (offset: number) => offset;
  if (rewrite) test = env.parse(rewrite.text);
  const checked = test.check();
  if (!checked.valid) {
    const e = checked.error as { range?: { start: number }; summary?: string; message: string };
    const message = firstLine(e.summary ?? e.message);
    source.diagnostics.push({
      severity: 'error',
      code: /No such key/i.test(message) ? 'unknown_field' : 'cel_type',
      message: /No such key/i.test(message)
        ? `${message} (not a field of the household context or params)`
        : message,
      path,
      ...place(e.range ? original(e.range.start) : undefined),
    });
    return null;
  }
  if (checked.type !== 'bool') {
    source.diagnostics.push({
      severity: 'error',
      code: 'not_boolean',
      message: `the condition gives ${checked.type}, not true/false (bool)`,
      path,
      ...place(0),
    });
    return null;
  }
  return {
    ...rule,
    index,
    test,
    fast: compileFast(test.ast, plainParams),
    reads: householdFieldsRead(test.ast),
  };
}

/** Visits every AST node (macro arguments included). */
function walkAst(node: ASTNode, visit: (node: ASTNode) => boolean | void): void {
  if (visit(node) === false) return;
  const visitValue = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visitValue);
    else if (isAstNode(value)) walkAst(value, visit);
  };
  visitValue(node.args);
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

/** Structural key of an expression: equal for the same condition however it is spaced. */
export function astKey(node: ASTNode): string {
  const part = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(part).join(',')}]`;
    if (isAstNode(value)) return astKey(value);
    if (typeof value === 'bigint') return `${value}n`;
    if (value instanceof Uint8Array) return `b${Buffer.from(value).toString('hex')}`;
    return JSON.stringify(value) ?? 'undefined';
  };
  return `${node.op}(${part(node.args)})`;
}

/** The top-level household fields an expression reads (household.decile → decile), in first-use order. */
export function householdFieldsRead(ast: ASTNode): HouseholdField[] {
  return [...fieldsOf(ast, 'household')] as HouseholdField[];
}

/** True when the expression reads `household.members` or uses `household` other than to select a field. */
export function readsMemberList(ast: ASTNode): boolean {
  let reads = false;
  walkAst(ast, (node) => {
    if (node.op === '.' || node.op === '.?') {
      const [target, field] = node.args;
      if (target.op === 'id' && target.args === 'household') {
        if (field === 'members') reads = true;
        return false;
      }
    }
    if (node.op === 'id' && node.args === 'household') reads = true;
  });
  return reads;
}

function fieldsOf(ast: ASTNode, variable: string): Set<string> {
  const out = new Set<string>();
  walkAst(ast, (node) => {
    if (node.op === '.' || node.op === '.?') {
      const [target, field] = node.args;
      if (target.op === 'id' && target.args === variable) {
        out.add(field);
        return false;
      }
    }
  });
  return out;
}

/** A rule can never fire when an earlier rule always fires first: literal `true`, the same condition, or a subset of its conjuncts. */
function findUnreachable(rules: CompiledRule[], whenNodes: Scalar[], source: YamlSource): void {
  const conjunctSets = rules.map((r) => conjuncts(r.test.ast));
  rules.forEach((rule, i) => {
    const node = whenNodes[i];
    const pos = node ? source.positionInScalar(node, 0) : rule.whenPosition;
    const path = `rules[${i}].when`;
    const ast = rule.test.ast;
    if (ast.op === 'value' && ast.args === false) {
      source.diagnostics.push({
        severity: 'error',
        code: 'unreachable_rule',
        message: `rule "${rule.id}" is always false and never fires`,
        path,
        ...pos,
      });
      return;
    }
    for (let j = 0; j < i; j++) {
      const earlier = conjunctSets[j] ?? new Set<string>();
      const mine = conjunctSets[i] ?? new Set<string>();
      const always = earlier.size === 0;
      const covered = [...earlier].every((c) => mine.has(c));
      if (always || covered) {
        const why = always
          ? `rule "${rules[j]?.id}" (line ${rules[j]?.whenPosition.line}) always matches first`
          : `rule "${rules[j]?.id}" (line ${rules[j]?.whenPosition.line}) matches every household this one does`;
        source.diagnostics.push({
          severity: 'error',
          code: 'unreachable_rule',
          message: `rule "${rule.id}" can never fire: ${why}`,
          path,
          ...pos,
        });
        return;
      }
    }
  });
}

/** Structural keys of an expression's top-level && terms; literal true contributes nothing (always matches). */
function conjuncts(ast: ASTNode): Set<string> {
  const out = new Set<string>();
  const walk = (node: ASTNode) => {
    if (node.op === '&&') {
      walk(node.args[0]);
      walk(node.args[1]);
    } else if (!(node.op === 'value' && node.args === true)) out.add(astKey(node));
  };
  walk(ast);
  return out;
}

function findUnusedParameters(
  definition: PolicyDefinition,
  used: ReadonlySet<string>,
  source: YamlSource,
  positions: Record<string, SourcePosition>,
): void {
  for (const name of Object.keys(definition.parameters)) {
    if (!used.has(name)) {
      source.diagnostics.push({
        severity: 'warning',
        code: 'unused_parameter',
        message: `parameter "${name}" is not used by any rule`,
        path: `parameters.${name}`,
        ...(positions[name] ?? { line: 1, col: 1 }),
      });
    }
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function sorted(list: PolicyDiagnostic[]): PolicyDiagnostic[] {
  return [...list].sort((a, b) => a.line - b.line || a.col - b.col);
}
