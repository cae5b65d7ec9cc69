import type { ParameterValue, PolicyDefinition, Rule, SourcePosition, Treatment } from './policy-types.js';
import {
  anything,
  bilingual,
  bool,
  listOf,
  mapOf,
  optional,
  readMap,
  rupiah,
  text as textField,
  wholeNumber,
  type Field,
  type FieldScope,
} from './yaml-fields.js';
import { isMap, isScalar, isSeq, mapEntries, YamlSource, type Node, type Scalar } from './yaml-source.js';
import { isCivilDate } from '../shared/civil-date.js';

/** The policy as read from YAML (structure checked, rules not yet compiled) and where its rules sit. */
export interface ReadPolicy {
  source: YamlSource;
  policy: PolicyDefinition | null;
  /** The `when` scalar of each rule, in rule order, to place CEL errors inside the file. */
  whenNodes: Scalar[];
  /** Where each parameter's name is written. */
  parameterPositions: Record<string, SourcePosition>;
  /** What could be read even when the file has errors, so rule conditions are still checked and reported. */
  partial: { rules: Array<Rule | null>; parameters: Record<string, ParameterValue> };
}

const CODE = /^[A-Z][A-Z0-9_]*$/;
const NAME = /^[a-z][a-z0-9_]*$/;
const slug = (v: string) => NAME.test(v.replace(/-/g, '_')) || 'use lower-case letters, digits, - or _';

const TREATMENT = mapOf(
  {
    code: textField({ required: true, check: (v) => CODE.test(v) || 'use UPPER_CASE letters, digits and _' }),
    label: bilingual(),
    monthly_cost: rupiah(),
    one_off_cost: rupiah(),
    targeted: bool(true),
    description: anything(),
  },
  'a treatment is a map with code and label',
  ({ values: v }): Treatment | null =>
    v.code
      ? {
          code: v.code,
          label: v.label!,
          monthlyCost: v.monthly_cost ?? 0,
          oneOffCost: v.one_off_cost ?? 0,
          targeted: v.targeted !== false,
        }
      : null,
);

/** Reads a policy file's YAML into a definition, recording every structural problem with its position. */
export function readPolicy(text: string): ReadPolicy {
  const source = new YamlSource(text);
  const whenNodes: Scalar[] = [];
  const parameterPositions: Record<string, SourcePosition> = {};
  const root = source.root;
  const nothing = {
    source,
    policy: null,
    whenNodes,
    parameterPositions,
    partial: { rules: [], parameters: {} },
  };
  if (!root) {
    if (source.diagnostics.length === 0) source.error(null, '', 'empty', 'the policy file is empty');
    return nothing;
  }
  if (!isMap(root)) {
    source.error(
      root,
      '',
      'not_a_map',
      'a policy file is a map of keys (id, version, as_of, treatments, rules…)',
    );
    return nothing;
  }
  const { values: v, nodes: top } = readMap(source, root, '', {
    id: textField({ required: true, check: slug }),
    version: wholeNumber({ required: true, min: 1 }),
    as_of: textField({ required: true, check: (d) => isCivilDate(d) || 'give a date as YYYY-MM-DD' }),
    title: optional(bilingual()),
    description: anything(),
    eligible_deciles: decileList,
    parameters: parameterMap(parameterPositions),
    treatments: listOf(TREATMENT),
    rules: listOf((src, node, path, index) => readRule(src, node, path, index, whenNodes)),
    default: textField({ required: true }),
    default_reason: bilingual({ id: 'Tidak ada aturan yang cocok', en: 'No rule matched' }),
    cooperative_capacity: wholeNumber({ min: 1 }),
  });
  const treatments = v.treatments ?? [];
  const rules = v.rules ?? [];
  const parameters = v.parameters ?? {};
  const defaultCode = v.default;

  // Treatment codes: unique, and every rule and the default names one of them.
  const codes = new Map<string, Treatment>();
  const treatmentSeq = top.get('treatments');
  treatments.forEach((t, i) => {
    if (!t) return;
    const node = isSeq(treatmentSeq) ? (treatmentSeq.items[i] as Node) : null;
    if (codes.has(t.code))
      source.error(
        node,
        `treatments[${i}].code`,
        'duplicate_treatment',
        `treatment ${t.code} is declared twice`,
      );
    codes.set(t.code, t);
  });
  const ruleSeq = top.get('rules');
  rules.forEach((rule, i) => {
    if (!rule) return;
    if (!codes.has(rule.treatment)) {
      const node = isSeq(ruleSeq) ? childNode(ruleSeq.items[i] as Node, 'treatment') : null;
      source.error(
        node,
        `rules[${i}].treatment`,
        'unknown_treatment',
        `unknown treatment code "${rule.treatment}"${known(codes)}`,
      );
    }
  });
  if (defaultCode && !codes.has(defaultCode)) {
    source.error(
      top.get('default'),
      'default',
      'unknown_treatment',
      `unknown treatment code "${defaultCode}"${known(codes)}`,
    );
  }
  const ruleIds = new Set<string>();
  rules.forEach((rule, i) => {
    if (!rule) return;
    if (ruleIds.has(rule.id))
      source.error(
        isSeq(ruleSeq) ? (ruleSeq.items[i] as Node) : null,
        `rules[${i}].id`,
        'duplicate_rule_id',
        `rule id "${rule.id}" is used twice`,
      );
    ruleIds.add(rule.id);
  });
  for (const t of codes.values()) {
    const used = t.code === defaultCode || rules.some((rule) => rule?.treatment === t.code);
    if (!used) {
      const i = treatments.indexOf(t);
      source.warning(
        isSeq(treatmentSeq) ? (treatmentSeq.items[i] as Node) : null,
        `treatments[${i}]`,
        'unused_treatment',
        `treatment ${t.code} is never assigned`,
      );
    }
  }

  const ok = source.diagnostics.every((d) => d.severity !== 'error');
  const policy: PolicyDefinition | null = ok
    ? {
        id: v.id ?? '',
        version: v.version ?? 1,
        asOf: v.as_of ?? '',
        title: v.title,
        treatments: treatments.filter((t): t is Treatment => t !== null),
        rules: rules.filter((x): x is Rule => x !== null),
        default: defaultCode ?? '',
        defaultReason: v.default_reason!,
        parameters,
        eligibleDeciles: v.eligible_deciles ?? [],
        defaultCooperativeCapacity: v.cooperative_capacity,
      }
    : null;
  return {
    source,
    policy,
    whenNodes,
    parameterPositions,
    partial: { rules, parameters },
  };
}

function known(codes: Map<string, Treatment>): string {
  return codes.size ? ` (declared: ${[...codes.keys()].join(', ')})` : '';
}

function childNode(node: Node, key: string): Node | null {
  for (const [k, , v] of mapEntries(node)) if (k === key) return v;
  return node;
}

const RULE_SHAPE = {
  id: optional(textField({ check: slug })),
  treatment: textField({ required: true }),
  when: celCondition,
  reason: bilingual(),
};

function readRule(
  source: YamlSource,
  node: Node,
  path: string,
  index: number,
  whenNodes: Scalar[],
): Rule | null {
  if (!isMap(node)) {
    source.error(node, path, 'wrong_type', 'a rule is a map with treatment, when and reason');
    return null;
  }
  const { values: v, nodes } = readMap(source, node, path, RULE_SHAPE);
  // A rule without an id is named by its place in the list.
  const id = nodes.has('id') ? v.id : `rule-${index + 1}`;
  if (v.when) whenNodes[index] = v.when;
  if (!id || !v.treatment || !v.when) return null;
  return {
    id,
    treatment: v.treatment,
    when: String(v.when.value),
    reason: v.reason!,
    position: source.positionOf(node),
    whenPosition: source.positionOf(v.when),
  };
}

/** A rule's condition: CEL written as text (a bare true/false is read as its text). */
function celCondition(scope: FieldScope, node: Node | null | undefined, path: string): Scalar | undefined {
  if (node === undefined) {
    scope.source.error(scope.container, path, 'missing', '"when" is required (a CEL condition)');
    return undefined;
  }
  if (!node || !isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'boolean')) {
    scope.source.error(
      node ?? scope.container,
      path,
      'wrong_type',
      '"when" must be a CEL condition written as text',
    );
    return undefined;
  }
  return node;
}

/** The deciles the program means to reach: a non-empty list of 1–10, returned sorted without repeats. */
function decileList(scope: FieldScope, node: Node | null | undefined, path: string): number[] {
  if (!node) {
    scope.source.error(
      scope.container,
      path,
      'missing',
      `"${path}" is required: the deciles the program means to reach, e.g. [1, 2, 3, 4, 5]`,
    );
    return [];
  }
  if (!isSeq(node) || node.items.length === 0) {
    scope.source.error(node, path, 'wrong_type', `"${path}" must be a non-empty list of deciles 1–10`);
    return [];
  }
  const out: number[] = [];
  for (const item of node.items as Node[]) {
    const v = isScalar(item) ? item.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 10) {
      scope.source.error(item, path, 'invalid', `decile must be a whole number 1–10`);
    } else out.push(v);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** `parameters:` a map of lower_snake_case names to a number, text, true/false or a list; records positions. */
function parameterMap(positions: Record<string, SourcePosition>): Field<Record<string, ParameterValue>> {
  return (scope, node) => {
    const out: Record<string, ParameterValue> = {};
    const source = scope.source;
    if (!node) return out;
    if (!isMap(node)) {
      source.error(node, 'parameters', 'wrong_type', '"parameters" must be a map of name: value');
      return out;
    }
    for (const [name, keyNode, value] of mapEntries(node)) {
      const path = `parameters.${name}`;
      positions[name] = source.positionOf(keyNode);
      if (!NAME.test(name)) {
        source.error(keyNode, path, 'invalid_name', `parameter name "${name}" must be lower_snake_case`);
        continue;
      }
      const parameter = parameterValue(value);
      if (parameter !== undefined) out[name] = parameter;
      else if (value && isSeq(value))
        source.error(
          value,
          path,
          'wrong_type',
          `parameter "${name}" must be a list of whole numbers or of texts`,
        );
      else
        source.error(
          value ?? keyNode,
          path,
          'wrong_type',
          `parameter "${name}" must be a number, text, true/false or a list`,
        );
    }
    return out;
  };
}

function parameterValue(node: Node | null): ParameterValue | undefined {
  const v = node && isScalar(node) ? node.value : undefined;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (!node || !isSeq(node)) return undefined;
  const items = (node.items as Node[]).map((i) => (isScalar(i) ? i.value : undefined));
  if (items.length > 0 && items.every((i) => typeof i === 'number' && Number.isInteger(i)))
    return items as number[];
  if (items.every((i) => typeof i === 'string')) return items;
  return undefined;
}
