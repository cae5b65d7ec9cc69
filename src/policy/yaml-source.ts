import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import type { PolicyDiagnostic, SourcePosition } from './policy-types.js';

/**
 * A parsed YAML document that remembers where every value came from, so each problem can be reported
 * with its line and column. Collects diagnostics while the policy reader walks the tree.
 */
export class YamlSource {
  readonly diagnostics: PolicyDiagnostic[] = [];
  readonly root: Node | null;
  private readonly lines: LineCounter;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    this.lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of [...doc.errors, ...doc.warnings]) {
      // The parser notices an unclosed flow collection or quote at the next token, often on a later line:
      // the fault is at the end of the content before it.
      const unclosed = /end with a [\]}]|Missing closing/.test(e.message);
      const pos = unclosed ? this.endOfContentBefore(e.pos[0]) : this.at(e.pos[0]);
      this.diagnostics.push({
        severity: doc.errors.includes(e) ? 'error' : 'warning',
        code: 'yaml_syntax',
        message: e.message.split('\n')[0] ?? e.message,
        path: '',
        ...pos,
      });
    }
    this.root = doc.errors.length > 0 ? null : doc.contents;
  }

  /** 1-based line and column of a character offset. */
  at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, col };
  }

  /** Just after the last character (not blank, not a comment line) before `offset`. */
  private endOfContentBefore(offset: number): SourcePosition {
    const lines = this.text.slice(0, Math.max(0, offset)).split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const content = lines[i]!.trimEnd();
      if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
      return { line: i + 1, col: content.length + 1 };
    }
    return this.at(offset);
  }

  positionOf(node: Node | null | undefined): SourcePosition {
    return this.at(node?.range?.[0] ?? 0);
  }

  error(node: Node | null | undefined, path: string, code: string, message: string): void {
    this.diagnostics.push({ severity: 'error', code, message, path, ...this.positionOf(node) });
  }

  warning(node: Node | null | undefined, path: string, code: string, message: string): void {
    this.diagnostics.push({ severity: 'warning', code, message, path, ...this.positionOf(node) });
  }

  /**
   * Position of character `index` of a scalar's value in the file: exact for plain, quoted (without escapes)
   * and literal block (|) scalars; for folded (>) scalars the line of the matching text.
   */
  positionInScalar(node: Scalar, index: number): SourcePosition {
    const start = node.range?.[0] ?? 0;
    const value = String(node.value);
    if (node.type === Scalar.PLAIN) return this.at(start + index);
    if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
      return this.at(start + 1 + index);
    }
    // Block scalar: the value's lines start on the line after the header.
    const before = value.slice(0, index);
    const lineInValue = before.split('\n').length - 1;
    const colInLine = index - (before.lastIndexOf('\n') + 1);
    const header = this.at(start).line;
    const sourceLines = this.text.split('\n');
    if (node.type === Scalar.BLOCK_LITERAL) {
      // Block indentation is that of the first content line; deeper lines keep their extra spaces in the value.
      const firstLine = sourceLines.slice(header).find((l) => l.trim() !== '') ?? '';
      const indent = firstLine.length - firstLine.trimStart().length;
      return { line: header + 1 + lineInValue, col: indent + 1 + colInLine };
    }
    const word = value.slice(index, index + 12).split(/\s/)[0] ?? '';
    for (let l = header; l < sourceLines.length && word; l++) {
      const found = sourceLines[l]?.indexOf(word) ?? -1;
      if (found >= 0) return { line: l + 1, col: found + 1 };
    }
    return { line: header + 1, col: 1 };
  }
}

/** A map's entries as [key text, key node, value node]. */
export function mapEntries(node: Node): Array<[string, Node, Node | null]> {
  if (!isMap(node)) return [];
  return node.items.map((pair) => {
    const key = pair.key as Node;
    const keyText = isScalar(key) ? String(key.value) : String(key);
    return [keyText, key, (pair.value as Node | null) ?? null];
  });
}

export { isMap, isScalar, isSeq };
export type { Node, Scalar };
