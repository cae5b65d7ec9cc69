import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { resolveHeaders } from '../header-match.js';
import { PROFILES } from '../profiles/index.js';
import { openCsv } from '../readers/csv-reader.js';
import type { TextEncodingName } from '../readers/source-table.js';
import { emptyCounts, stagingLines, type PipelineCounts } from '../row-pipeline.js';
import { dtsenRow, kk, nik, OTHER_VILLAGE, TODAY, toCsv, VILLAGE, type Row } from '../testing/builders.js';
import { contextFromData } from '../validation-context-data.js';
import type { ChunkSetup } from './chunk-validation.js';
import { parallelStagingLines } from './parallel-staging.js';
import { inProcessRunner, startValidateWorkers, type ChunkRunner } from './validate-workers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-parallel-staging-'));
const contextInput = { villageCodes: [VILLAGE, OTHER_VILLAGE], today: TODAY };
const profile = PROFILES.dtsen;
// The compiled worker (npm test builds dist/ first); the in-process runner covers the rest without it.
const workerScript = new URL('../../../dist/src/intake/parallel/validate-worker.js', import.meta.url);
const workersBuilt = fs.existsSync(fileURLToPath(workerScript));

/** Rows of every defect kind, warnings, multi-line and quoted values, repeated with different numbers. */
function rows(count: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < count; i++) {
    const serial = 100 + i;
    const birth = `19${String(50 + (i % 40))}-0${1 + (i % 9)}-1${i % 10}`;
    const kinds: Row[] = [
      dtsenRow({ NO_KK: kk(serial), NIK: nik(birth, 'L', serial), TANGGAL_LAHIR: birth }),
      dtsenRow({
        NO_KK: kk(serial),
        NIK: '',
        NAMA: 'Siti Suléman',
        JENIS_KELAMIN: 'P',
        HUBUNGAN_KELUARGA: 'Istri',
      }),
      dtsenRow({ NIK: '337401010180000', NAMA: 'Nik Pendek' }),
      dtsenRow({ NIK: '', TANGGAL_LAHIR: '31/02/1990' }),
      dtsenRow({ NIK: '', TANGGAL_LAHIR: '2099-01-01' }),
      dtsenRow({ NO_KK: kk(serial), NIK: '', KODE_WILAYAH: '33.74.01.9999' }),
      dtsenRow({ NIK: '', DESIL: i % 2 ? '11' : '0' }),
      dtsenRow({ NIK: '', NAMA: '' }),
      dtsenRow({ NO_KK: '12', NIK: '', NAMA: '1234', KODE_WILAYAH: '', DESIL: '' }),
      dtsenRow({ NIK: '', ALAMAT: `RT 0${i % 10}\nRW 02, "Mawar"\n\nblok ${i}` }),
      dtsenRow({ NIK: '', ALAMAT: i % 3 ? '"' : '""\r\n', NAMA: 'Kutip, "Ganda"' }),
      dtsenRow({ NIK: nik('1960-01-01', 'L', serial, '33.99.01'), TANGGAL_LAHIR: '1960-01-01' }),
      dtsenRow({
        NO_KK: kk(serial),
        NIK: nik('1970-02-02', 'L', serial),
        JENIS_KELAMIN: 'P',
        TANGGAL_LAHIR: '1970-02-03',
        KODE_WILAYAH: OTHER_VILLAGE,
      }),
      dtsenRow({ NIK: '', PEKERJAAN: 'petani\\kebun\tladang', DISABILITAS: 'mungkin' }),
    ];
    out.push(kinds[i % kinds.length]!, kinds[(i * 7 + 3) % kinds.length]!);
  }
  return out;
}

interface Variant {
  name: string;
  encoding: TextEncodingName;
  delimiter: string;
  newline: string;
  bom?: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'utf8-lf', encoding: 'utf-8', delimiter: ',', newline: '\n' },
  { name: 'utf8-crlf-bom', encoding: 'utf-8', delimiter: ';', newline: '\r\n', bom: true },
  { name: 'cp1252-crlf', encoding: 'windows-1252', delimiter: '\t', newline: '\r\n' },
];

/**
 * The file's text, with blank lines, a literal quote inside an unquoted field, and a row starting with U+FEFF
 * (data, unlike the BOM) between the records.
 */
function fileText(variant: Variant, count: number): string {
  const options = { delimiter: variant.delimiter, newline: variant.newline };
  const blank = dtsenRow({ PEKERJAAN: '' });
  const header = toCsv([blank], options).split(variant.newline)[0]!;
  const record = (row: Row) =>
    toCsv([{ ...blank, ...row }], options).slice(header.length + variant.newline.length);
  const odd =
    Object.values({ ...blank, NIK: '', ALAMAT: 'Jl. 5"a' }).join(variant.delimiter) + variant.newline;
  const records = rows(count).map(record);
  records.splice(0, 0, variant.newline, odd);
  records.splice(records.length >> 1, 0, variant.newline, variant.newline, `\uFEFF${odd}`);
  return `${variant.bom ? '\uFEFF' : ''}${header}${variant.newline}${records.join('')}`;
}

function writeFile(variant: Variant, text: string): string {
  const file = path.join(dir, `${variant.name}.csv`);
  fs.writeFileSync(file, variant.encoding === 'utf-8' ? text : iconv.encode(text, 'win1252'));
  return file;
}

interface Output {
  staging: string;
  rejects: string;
  warnings: string;
  counts: PipelineCounts;
}

async function collect(
  lines: AsyncIterable<string>,
  sinks: { rejectsPath: string; warningsPath: string },
  counts: PipelineCounts,
): Promise<Output> {
  let staging = '';
  for await (const text of lines) staging += text;
  return {
    staging,
    rejects: fs.readFileSync(sinks.rejectsPath, 'utf8'),
    warnings: fs.readFileSync(sinks.warningsPath, 'utf8'),
    counts,
  };
}

let run = 0;
const sinksFor = () => {
  run += 1;
  return {
    rejectsPath: path.join(dir, `r${run}.copy`),
    warningsPath: path.join(dir, `w${run}.copy`),
    batchId: 7,
  };
};

async function singleThread(file: string, variant: Variant): Promise<Output> {
  const table = await openCsv(file, { encoding: variant.encoding, fileName: 'f.csv' });
  const resolution = resolveHeaders(table.headers, profile.fields);
  const counts = emptyCounts();
  const sinks = sinksFor();
  const validate = profile.createValidator(contextFromData(contextInput));
  return collect(stagingLines(table, resolution, profile, validate, sinks, counts), sinks, counts);
}

async function setupFor(file: string, variant: Variant): Promise<ChunkSetup> {
  const table = await openCsv(file, { encoding: variant.encoding, fileName: 'f.csv' });
  await table.rows[Symbol.asyncIterator]().return?.();
  return {
    profile: 'dtsen',
    encoding: variant.encoding,
    delimiter: table.format.delimiter!,
    columns: resolveHeaders(table.headers, profile.fields).columns,
    batchId: 7,
    context: contextInput,
  };
}

function parallel(
  file: string,
  setup: ChunkSetup,
  runner: ChunkRunner,
  chunkBytes?: number,
): Promise<Output> {
  const counts = emptyCounts();
  const sinks = sinksFor();
  const source = { path: file, label: 'f.csv', encoding: setup.encoding, delimiter: setup.delimiter };
  return collect(parallelStagingLines(source, runner, sinks, counts, { chunkBytes }), sinks, counts);
}

describe('parallelStagingLines', () => {
  it.each(VARIANTS)(
    'writes what stagingLines writes, wherever the chunks are cut ($name)',
    async (variant) => {
      const file = writeFile(variant, fileText(variant, 60));
      const expected = await singleThread(file, variant);
      expect(expected.counts).toMatchObject({ rows: 122 });
      expect(expected.counts.rejected).toBeGreaterThan(50);
      expect(expected.counts.warningCodes.size).toBeGreaterThan(2);
      expect(expected.staging.split('\n').length).toBeGreaterThan(30);
      const setup = await setupFor(file, variant);
      for (const chunkBytes of [1, 2, 3, 5, 17, 64, 255, 1000, 1 << 20]) {
        const got = await parallel(file, setup, inProcessRunner(setup), chunkBytes).catch((e: Error) => {
          fs.copyFileSync(file, '/tmp/parval-bad.csv');
          throw new Error(`${chunkBytes}: ${e.message}`);
        });
        expect(got, `chunks of ${chunkBytes} bytes`).toEqual(expected);
      }
    },
  );

  it.skipIf(!workersBuilt)('writes the same on worker threads', async () => {
    for (const variant of VARIANTS) {
      const file = writeFile(variant, fileText(variant, 400));
      const expected = await singleThread(file, variant);
      const setup = await setupFor(file, variant);
      for (const chunkBytes of [97, 4096]) {
        const runner = startValidateWorkers(setup, 2, workerScript)!;
        try {
          const got = await parallel(file, setup, runner, chunkBytes);
          expect(got, `${variant.name}, chunks of ${chunkBytes} bytes`).toEqual(expected);
        } finally {
          await runner.close();
        }
      }
    }
  });

  it('reports a CSV syntax error as stagingLines does, with its line', async () => {
    const variant = VARIANTS[0]!;
    const good = fileText(variant, 20);
    // (from the good file: the reader that gives the header reads 64 KiB ahead)
    const setup = await setupFor(writeFile(variant, good), variant);
    for (const bad of [`${good}"unclosed,1\n2,3\n`, good.replace(',Jl. 5"a', ',"Jl. 5"a')]) {
      const file = writeFile(variant, bad);
      const single = await singleThread(file, variant).then(
        () => 'no error',
        (e: Error) => e.message,
      );
      expect(single).toMatch(/^f\.csv: CSV syntax error: .* line \d+$/);
      for (const chunkBytes of [3, 100, 1 << 20]) {
        await expect(parallel(file, setup, inProcessRunner(setup), chunkBytes)).rejects.toThrow(single);
      }
    }
  });

  it('fails at the first failed chunk in file order, and stops reading when the consumer stops', async () => {
    const variant = VARIANTS[0]!;
    const file = writeFile(variant, fileText(variant, 20));
    const setup = await setupFor(file, variant);
    const failing = (runner: ChunkRunner, failAt: number): ChunkRunner => {
      let n = 0;
      return {
        run: (chunk) => (++n === failAt ? Promise.reject(new Error(`chunk ${n} failed`)) : runner.run(chunk)),
        close: () => runner.close(),
      };
    };
    await expect(parallel(file, setup, failing(inProcessRunner(setup), 9), 100)).rejects.toThrow(
      'chunk 9 failed',
    );
    const lines = parallelStagingLines(
      { path: file, label: 'f.csv', encoding: 'utf-8', delimiter: ',' },
      inProcessRunner(setup),
      sinksFor(),
      emptyCounts(),
      { chunkBytes: 100 },
    );
    expect((await lines.next()).done).toBe(false);
    expect(await lines.return(undefined)).toEqual({ done: true, value: undefined });
  });

  it.skipIf(!workersBuilt)('fails when a worker thread fails, and its workers then stop', async () => {
    const variant = VARIANTS[0]!;
    const file = writeFile(variant, fileText(variant, 20));
    const setup = { ...(await setupFor(file, variant)), profile: 'unknown' as 'dtsen' };
    const runner = startValidateWorkers(setup, 2, workerScript)!;
    await expect(parallel(file, setup, runner, 100)).rejects.toThrow();
    await runner.close();
  });
});
