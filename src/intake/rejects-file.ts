import { CsvFileWriter } from '../shared/spreadsheet-export.js';
import type { FieldIssue } from './profiles/profile.js';

export const REJECT_HEADERS = ['line', 'field', 'value', 'code', 'alasan', 'reason'] as const;

/** The rejects CSV: one line per problem found in a rejected row (line, field, value, reason id/en). */
export class RejectsFile {
  private readonly writer: CsvFileWriter;
  rows = 0;

  constructor(readonly path: string) {
    this.writer = new CsvFileWriter(path, REJECT_HEADERS);
  }

  async add(line: number, errors: readonly FieldIssue[]): Promise<void> {
    this.rows += 1;
    for (const e of errors)
      await this.writer.write([line, e.field, e.value, e.code, e.message_id, e.message]);
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
