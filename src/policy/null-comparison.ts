import type { ASTNode } from '@marcbachmann/cel-js';

/**
 * `household.head != null` / `household.head == null` (and `null == …`) for absent context fields.
 *
 * The context leaves optional fields out rather than setting them to null (docs/POLICY.md), and cel-js has no
 * overload for comparing a message with null, so policy authors writing the natural CEL got "no such overload:
 * Member != null". Such comparisons of a field selection with the null literal are rewritten to presence tests
 * before type checking — `x.f != null` → `has(x.f)`, `x.f == null` → `!has(x.f)` — so both engines (the
 * reference evaluator and the fast closures, which share the parsed tree) agree on them. Other comparisons with
 * null are left alone and still fail the type check with cel-js's own message.
 */
export interface NullRewrite {
  /** The condition to parse and check instead of the original. */
  text: string;
  /** Maps an offset in `text` back to the original condition (for diagnostics). */
  originalOffset: (offset: number) => number;
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/** The rewritten condition, or null when `ast` has no field-to-null comparison. */
export function rewriteNullComparisons(source: string, ast: ASTNode): NullRewrite | null {
  const edits: Edit[] = [];
  collect(ast, source, edits);
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);
  let text = '';
  let at = 0;
  for (const e of edits) {
    text += source.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  text += source.slice(at);
  return {
    text,
    originalOffset: (offset) => {
      let shift = 0;
      for (const e of edits) {
        const newStart = e.start + shift;
        if (offset < newStart) break;
        if (offset < newStart + e.replacement.length) return e.start;
        shift += e.replacement.length - (e.end - e.start);
      }
      return offset - shift;
    },
  };
}

function collect(node: ASTNode, source: string, edits: Edit[]): void {
  if ((node.op === '==' || node.op === '!=') && Array.isArray(node.args)) {
    const [left, right] = node.args;
    const field = isNull(right) && isSelect(left) ? left : isNull(left) && isSelect(right) ? right : null;
    if (field) {
      const selected = source.slice(field.range.start, field.range.end);
      const test = `has(${selected})`;
      edits.push({
        start: node.range.start,
        end: node.range.end,
        replacement: node.op === '!=' ? `(${test})` : `(!${test})`,
      });
      return;
    }
  }
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isAstNode(value)) collect(value, source, edits);
  };
  visit(node.args);
}

function isNull(node: ASTNode): boolean {
  return node.op === 'value' && node.args === null;
}

function isSelect(node: ASTNode): boolean {
  return node.op === '.';
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}
