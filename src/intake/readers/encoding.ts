import type { TextEncodingName } from './source-table.js';

/**
 * Detects the text encoding while the bytes stream past (e.g. during hashing): UTF-8 when every byte sequence
 * is valid UTF-8, otherwise Windows-1252 (the usual encoding of spreadsheets saved by Excel on Windows).
 */
export class EncodingDetector {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private valid = true;

  push(chunk: Uint8Array): void {
    if (!this.valid) return;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  result(): TextEncodingName {
    if (this.valid) {
      try {
        this.decoder.decode();
      } catch {
        this.valid = false;
      }
    }
    return this.valid ? 'utf-8' : 'windows-1252';
  }
}

/** Picks the delimiter (comma, semicolon or tab) that splits the header line into the most fields. */
export function sniffDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts: Record<',' | ';' | '\t', number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  const best = (Object.keys(counts) as (',' | ';' | '\t')[]).reduce((a, b) =>
    counts[b] > counts[a] ? b : a,
  );
  return counts[best] > 0 ? best : ',';
}
