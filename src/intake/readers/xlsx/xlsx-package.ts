import unzipper, { type CentralDirectoryFile } from 'unzipper';
import { streamXml } from './xml-stream.js';

/** A worksheet as the workbook lists it, with the zip part that holds its cells. */
export interface XlsxSheet {
  name: string;
  part: CentralDirectoryFile;
}

/** What must be known before a worksheet's rows can be read: its sheets, shared strings and date styles. */
export interface XlsxPackage {
  sheets: XlsxSheet[];
  date1904: boolean;
  /** Shared string table (cells with t="s" hold an index into it). */
  sharedStrings: string[];
  /** Per cell-format index (a cell's `s` attribute): whether its number format shows a date. */
  dateStyles: boolean[];
}

/**
 * Opens an XLSX package through the zip's central directory (random access), so the order in which a writer
 * stored the parts does not matter: ExcelJS, for one, stores workbook.xml last.
 */
export async function openXlsxPackage(path: string): Promise<XlsxPackage> {
  const directory = await unzipper.Open.file(path);
  const byPath = new Map(directory.files.map((file) => [file.path.replace(/^\//, '').toLowerCase(), file]));
  const part = (name: string) => byPath.get(name.toLowerCase());
  const workbookPart = part('xl/workbook.xml');
  if (!workbookPart) throw new Error('the package has no xl/workbook.xml');
  const workbook = await readWorkbook(workbookPart);
  const relsPart = part('xl/_rels/workbook.xml.rels');
  const targets = relsPart ? await readRelationships(relsPart) : new Map<string, string>();
  const sheets: XlsxSheet[] = [];
  for (const sheet of workbook.sheets) {
    const target = targets.get(sheet.rId);
    const file = target === undefined ? undefined : part(resolveTarget(target));
    if (file) sheets.push({ name: sheet.name, part: file });
  }
  const stringsPart = part('xl/sharedStrings.xml');
  const stylesPart = part('xl/styles.xml');
  return {
    sheets,
    date1904: workbook.date1904,
    sharedStrings: stringsPart ? await readSharedStrings(stringsPart) : [],
    dateStyles: stylesPart ? await readDateStyles(stylesPart) : [],
  };
}

/** Relationship targets are relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/…"). */
function resolveTarget(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

async function drain(iterator: AsyncGenerator<void>): Promise<void> {
  for await (const _ of iterator) void _;
}

async function readWorkbook(file: CentralDirectoryFile) {
  const sheets: { name: string; rId: string }[] = [];
  let date1904 = false;
  await drain(
    streamXml(file.stream(), {
      open(name, attributes) {
        if (name === 'sheet')
          sheets.push({ name: attributes.get('name') ?? '', rId: attributes.get('id') ?? '' });
        else if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.get('date1904') ?? '');
      },
      close: () => undefined,
      text: () => undefined,
    }),
  );
  return { sheets, date1904 };
}

async function readRelationships(file: CentralDirectoryFile): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  await drain(
    streamXml(file.stream(), {
      open(name, attributes) {
        if (name === 'Relationship') targets.set(attributes.get('Id') ?? '', attributes.get('Target') ?? '');
      },
      close: () => undefined,
      text: () => undefined,
    }),
  );
  return targets;
}

/** Each <si> is one string: its <t> texts joined (rich-text runs), phonetic hints (<rPh>) left out. */
async function readSharedStrings(file: CentralDirectoryFile): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  await drain(
    streamXml(file.stream(), {
      open(name, _attributes, selfClosing) {
        if (name === 'si') current = selfClosing ? (strings.push(''), undefined) : [];
        else if (name === 'rPh') phonetic += selfClosing ? 0 : 1;
        else if (name === 't' && !selfClosing) inText = true;
      },
      close(name) {
        if (name === 'si' && current) strings.push(current.join(''));
        else if (name === 'rPh') phonetic -= 1;
        else if (name === 't') inText = false;
      },
      text(text) {
        if (inText && phonetic === 0 && current) current.push(text);
      },
    }),
  );
  return strings;
}

/** Built-in number formats that display dates (ECMA-376 §18.8.30, incl. the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format shows a date when, outside quoted text and [colour]/[locale] brackets, it uses d, m, y. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[dmy]/i.test(bare);
}

async function readDateStyles(file: CentralDirectoryFile): Promise<boolean[]> {
  const customDate = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await drain(
    streamXml(file.stream(), {
      open(name, attributes, selfClosing) {
        if (name === 'numFmt') {
          customDate.set(
            Number(attributes.get('numFmtId')),
            isDateFormatCode(attributes.get('formatCode') ?? ''),
          );
        } else if (name === 'cellXfs') {
          inCellXfs = !selfClosing;
        } else if (name === 'xf' && inCellXfs) {
          const id = Number(attributes.get('numFmtId') ?? 0);
          styles.push(customDate.get(id) ?? BUILT_IN_DATE_FORMATS.has(id));
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text: () => undefined,
    }),
  );
  return styles;
}
