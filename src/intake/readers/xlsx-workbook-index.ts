import unzipper from 'unzipper';

/** A worksheet as workbook.xml lists it, and the relationship that points at its part. */
export interface WorkbookSheet {
  name: string;
  id: number;
  rId: string;
  state: string;
}

export interface WorkbookIndex {
  sheets: WorkbookSheet[];
  /** Relationships of xl/workbook.xml, targets relative to xl/ as ExcelJS expects them ("worksheets/sheet1.xml"). */
  rels: { Id: string; Target: string; Type: string }[];
}

/**
 * Reads the sheet list of an XLSX file through the zip's central directory (random access, two small parts).
 * The streaming reader of ExcelJS only learns sheet names when it meets xl/workbook.xml in the stream; files
 * written by ExcelJS itself put that part last, and workbooks whose XML uses a namespace prefix (<x:workbook>)
 * are not understood by it at all, so it failed with "reading 'sheets'". Knowing the index first avoids both.
 */
export async function readWorkbookIndex(path: string): Promise<WorkbookIndex> {
  const directory = await unzipper.Open.file(path);
  const part = async (name: string): Promise<string> => {
    const file = directory.files.find((f) => f.path === name);
    if (!file) throw new Error(`the package has no ${name}`);
    return (await file.buffer()).toString('utf8');
  };
  const sheets = elements(await part('xl/workbook.xml'), 'sheet').map((attributes) => ({
    name: attributes.get('name') ?? '',
    id: Number(attributes.get('sheetId') ?? 0),
    rId: attributes.get('id') ?? '',
    state: attributes.get('state') ?? 'visible',
  }));
  const rels = elements(await part('xl/_rels/workbook.xml.rels'), 'Relationship').map((attributes) => ({
    Id: attributes.get('Id') ?? '',
    Target: (attributes.get('Target') ?? '').replace(/^\/?xl\//, ''),
    Type: attributes.get('Type') ?? '',
  }));
  return { sheets, rels };
}

/** Attributes (namespace prefixes dropped, entities decoded) of every `<tag …>` element, with or without prefix. */
function elements(xml: string, tag: string): Map<string, string>[] {
  const found: Map<string, string>[] = [];
  const element = new RegExp(`<(?:[\\w.-]+:)?${tag}(\\s[^>]*?)?/?>`, 'g');
  for (const match of xml.matchAll(element)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[1] ?? '').matchAll(
      /(?:[\w.-]+:)?([\w.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g,
    )) {
      attributes.set(attribute[1]!, decodeEntities(attribute[3] ?? attribute[4] ?? ''));
    }
    found.push(attributes);
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity[0] !== '#') return named[entity.toLowerCase()]!;
    return String.fromCodePoint(
      entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
    );
  });
}
