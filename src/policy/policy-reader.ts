import type {
  BilingualText,
  ParameterValue,
  PolicyDefinition,
  Rule,
  SourcePosition,
  Treatment,
} from './policy-types.js';
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

const TOP_KEYS = new Set([
  'id',
  'version',
  'as_of',
  'title',
  'description',
  'eligible_deciles',
  'parameters',
  'treatments',
  'rules',
  'default',
  'default_reason',
  'cooperative_capacity',
]);
const TREATMENT_KEYS = new Set(['code', 'label', 'monthly_cost', 'one_off_cost', 'targeted', 'description']);
const RULE_KEYS = new Set(['id', 'treatment', 'when', 'reason']);
const CODE = /^[A-Z][A-Z0-9_]*$/;
const NAME = /^[a-z][a-z0-9_]*$/;

/** Reads a policy file's YAML into a definition, recording every structural problem with its position. */
export function readPolicy(text: string): ReadPolicy {
  const source = new YamlSource(text);
  const whenNodes: Scalar[] = [];
  const root = source.root;
  if (!root) {
    if (source.diagnostics.length === 0) source.error(null, '', 'empty', 'the policy file is empty');
    return {
      source,
      policy: null,
      whenNodes,
      parameterPositions: {},
      partial: { rules: [], parameters: {} },
    };
  }
  if (!isMap(root)) {
    source.error(
      root,
      '',
      'not_a_map',
      'a policy file is a map of keys (id, version, as_of, treatments, rules…)',
    );
    return {
      source,
      policy: null,
      whenNodes,
      parameterPositions: {},
      partial: { rules: [], parameters: {} },
    };
  }
  const top = new Map<string, Node | null>();
  for (const [key, keyNode, value] of mapEntries(root)) {
    if (!TOP_KEYS.has(key)) source.error(keyNode, key, 'unknown_key', `unknown key "${key}"`);
    top.set(key, value);
  }
  const r = new Reader(source, root);

  const id = r.string(
    top,
    'id',
    '',
    true,
    (v) => NAME.test(v.replace(/-/g, '_')) || 'use lower-case letters, digits, - or _',
  );
  const version = r.integer(top, 'version', '', true, 1);
  const asOf = r.string(top, 'as_of', '', true, (v) => isCivilDate(v) || 'give a date as YYYY-MM-DD');
  const title = top.has('title') ? r.bilingual(top.get('title') ?? null, 'title') : undefined;
  const eligibleDeciles = r.decileList(top.get('eligible_deciles') ?? null, 'eligible_deciles');
  const parameters = r.parameters(top.get('parameters') ?? null);
  const treatments = r.list(top, 'treatments', (node, path) => r.treatment(node, path));
  const rules = r.list(top, 'rules', (node, path, index) => r.rule(node, path, index, whenNodes));
  const defaultCode = r.string(top, 'default', '', true);
  const defaultReason = top.has('default_reason')
    ? r.bilingual(top.get('default_reason') ?? null, 'default_reason')
    : { id: 'Tidak ada aturan yang cocok', en: 'No rule matched' };
  const capacity = top.has('cooperative_capacity')
    ? r.integer(top, 'cooperative_capacity', '', false, 1)
    : undefined;

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
        id: id ?? '',
        version: version ?? 1,
        asOf: asOf ?? '',
        title,
        treatments: treatments.filter((t): t is Treatment => t !== null),
        rules: rules.filter((x): x is Rule => x !== null),
        default: defaultCode ?? '',
        defaultReason,
        parameters,
        eligibleDeciles,
        defaultCooperativeCapacity: capacity,
      }
    : null;
  return {
    source,
    policy,
    whenNodes,
    parameterPositions: r.parameterPositions,
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

/** Walks typed values out of YAML nodes, reporting each problem at the node that has it. */
class Reader {
  readonly parameterPositions: Record<string, SourcePosition> = {};

  constructor(
    private readonly source: YamlSource,
    private readonly root: Node,
  ) {}

  private scalarValue(node: Node | null): unknown {
    return node && isScalar(node) ? node.value : undefined;
  }

  string(
    map: Map<string, Node | null>,
    key: string,
    prefix: string,
    required: boolean,
    check?: (v: string) => true | string,
  ): string | undefined {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!map.has(key)) {
      if (required) this.source.error(this.root, path, 'missing', `"${key}" is required`);
      return undefined;
    }
    const node = map.get(key) ?? null;
    const value = this.scalarValue(node);
    if (typeof value !== 'string' || value.trim() === '') {
      this.source.error(node, path, 'wrong_type', `"${key}" must be non-empty text`);
      return undefined;
    }
    const verdict = check?.(value) ?? true;
    if (verdict !== true) {
      this.source.error(node, path, 'invalid', `"${key}" is "${value}": ${verdict}`);
      return undefined;
    }
    return value;
  }

  integer(
    map: Map<string, Node | null>,
    key: string,
    prefix: string,
    required: boolean,
    min: number,
  ): number | undefined {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!map.has(key)) {
      if (required) this.source.error(this.root, path, 'missing', `"${key}" is required`);
      return undefined;
    }
    const node = map.get(key) ?? null;
    const value = this.scalarValue(node);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.source.error(node, path, 'wrong_type', `"${key}" must be a whole number ≥ ${min}`);
      return undefined;
    }
    return value;
  }

  bilingual(node: Node | null, path: string): BilingualText {
    const result = { id: '', en: '' };
    if (!node || !isMap(node)) {
      this.source.error(
        node ?? this.root,
        path,
        'wrong_type',
        `"${path}" needs text in both languages: {id: "…", en: "…"}`,
      );
      return result;
    }
    const entries = new Map(mapEntries(node).map(([k, , v]) => [k, v]));
    for (const [k, keyNode] of mapEntries(node)) {
      if (k !== 'id' && k !== 'en')
        this.source.error(keyNode, `${path}.${k}`, 'unknown_key', `unknown language "${k}" (use id and en)`);
    }
    for (const lang of ['id', 'en'] as const) {
      const value = this.scalarValue(entries.get(lang) ?? null);
      if (typeof value !== 'string' || value.trim() === '') {
        this.source.error(
          entries.get(lang) ?? node,
          `${path}.${lang}`,
          'missing_text',
          `"${path}" needs non-empty "${lang}" text`,
        );
      } else result[lang] = value;
    }
    return result;
  }

  decileList(node: Node | null, path: string): number[] {
    if (!node) {
      this.source.error(
        this.root,
        path,
        'missing',
        `"${path}" is required: the deciles the program means to reach, e.g. [1, 2, 3, 4, 5]`,
      );
      return [];
    }
    if (!isSeq(node) || node.items.length === 0) {
      this.source.error(node, path, 'wrong_type', `"${path}" must be a non-empty list of deciles 1–10`);
      return [];
    }
    const out: number[] = [];
    for (const item of node.items as Node[]) {
      const v = this.scalarValue(item);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 10) {
        this.source.error(item, path, 'invalid', `decile must be a whole number 1–10`);
      } else out.push(v);
    }
    return [...new Set(out)].sort((a, b) => a - b);
  }

  parameters(node: Node | null): Record<string, ParameterValue> {
    const out: Record<string, ParameterValue> = {};
    if (!node) return out;
    if (!isMap(node)) {
      this.source.error(node, 'parameters', 'wrong_type', '"parameters" must be a map of name: value');
      return out;
    }
    for (const [name, keyNode, value] of mapEntries(node)) {
      const path = `parameters.${name}`;
      this.parameterPositions[name] = this.source.positionOf(keyNode);
      if (!NAME.test(name)) {
        this.source.error(keyNode, path, 'invalid_name', `parameter name "${name}" must be lower_snake_case`);
        continue;
      }
      const v = value && isScalar(value) ? value.value : undefined;
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[name] = v;
      else if (value && isSeq(value)) {
        const items = (value.items as Node[]).map((i) => this.scalarValue(i));
        if (items.length > 0 && items.every((i) => typeof i === 'number' && Number.isInteger(i)))
          out[name] = items as number[];
        else if (items.every((i) => typeof i === 'string')) out[name] = items;
        else
          this.source.error(
            value,
            path,
            'wrong_type',
            `parameter "${name}" must be a list of whole numbers or of texts`,
          );
      } else
        this.source.error(
          value ?? keyNode,
          path,
          'wrong_type',
          `parameter "${name}" must be a number, text, true/false or a list`,
        );
    }
    return out;
  }

  list<T>(
    map: Map<string, Node | null>,
    key: string,
    read: (node: Node, path: string, index: number) => T | null,
  ): Array<T | null> {
    const node = map.get(key) ?? null;
    if (!node || !isSeq(node) || node.items.length === 0) {
      this.source.error(
        node ?? this.root,
        key,
        node ? 'wrong_type' : 'missing',
        `"${key}" must be a non-empty list`,
      );
      return [];
    }
    return (node.items as Node[]).map((item, i) => read(item, `${key}[${i}]`, i));
  }

  treatment(node: Node, path: string): Treatment | null {
    if (!isMap(node)) {
      this.source.error(node, path, 'wrong_type', 'a treatment is a map with code and label');
      return null;
    }
    const m = this.keys(node, path, TREATMENT_KEYS);
    const code = this.string(
      m,
      'code',
      path,
      true,
      (v) => CODE.test(v) || 'use UPPER_CASE letters, digits and _',
    );
    const label = this.bilingual(m.get('label') ?? null, `${path}.label`);
    const money = (key: string) => {
      if (!m.has(key)) return 0;
      const v = this.scalarValue(m.get(key) ?? null);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        this.source.error(
          m.get(key) ?? node,
          `${path}.${key}`,
          'wrong_type',
          `"${key}" must be whole rupiah ≥ 0`,
        );
        return 0;
      }
      return v;
    };
    const targetedValue = m.has('targeted') ? this.scalarValue(m.get('targeted') ?? null) : true;
    if (typeof targetedValue !== 'boolean') {
      this.source.error(
        m.get('targeted') ?? node,
        `${path}.targeted`,
        'wrong_type',
        '"targeted" must be true or false',
      );
    }
    if (!code) return null;
    return {
      code,
      label,
      monthlyCost: money('monthly_cost'),
      oneOffCost: money('one_off_cost'),
      targeted: targetedValue !== false,
    };
  }

  rule(node: Node, path: string, index: number, whenNodes: Scalar[]): Rule | null {
    if (!isMap(node)) {
      this.source.error(node, path, 'wrong_type', 'a rule is a map with treatment, when and reason');
      return null;
    }
    const m = this.keys(node, path, RULE_KEYS);
    const id = m.has('id')
      ? this.string(
          m,
          'id',
          path,
          true,
          (v) => NAME.test(v.replace(/-/g, '_')) || 'use lower-case letters, digits, - or _',
        )
      : `rule-${index + 1}`;
    const treatment = this.string(m, 'treatment', path, true);
    const whenNode = m.get('when') ?? null;
    let when: string | undefined;
    if (!m.has('when'))
      this.source.error(node, `${path}.when`, 'missing', '"when" is required (a CEL condition)');
    else if (
      !whenNode ||
      !isScalar(whenNode) ||
      (typeof whenNode.value !== 'string' && typeof whenNode.value !== 'boolean')
    ) {
      this.source.error(
        whenNode ?? node,
        `${path}.when`,
        'wrong_type',
        '"when" must be a CEL condition written as text',
      );
    } else {
      when = String(whenNode.value);
      whenNodes[index] = whenNode;
    }
    const reason = this.bilingual(m.get('reason') ?? null, `${path}.reason`);
    if (!id || !treatment || when === undefined) return null;
    return {
      id,
      treatment,
      when,
      reason,
      position: this.source.positionOf(node),
      whenPosition: this.source.positionOf(whenNode),
    };
  }

  private keys(node: Node, path: string, allowed: Set<string>): Map<string, Node | null> {
    const m = new Map<string, Node | null>();
    for (const [k, keyNode, v] of mapEntries(node)) {
      if (!allowed.has(k))
        this.source.error(
          keyNode,
          `${path}.${k}`,
          'unknown_key',
          `unknown key "${k}" (allowed: ${[...allowed].join(', ')})`,
        );
      m.set(k, v);
    }
    return m;
  }
}
