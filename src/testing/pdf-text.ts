import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The text of each page of a PDF, read by Mozilla's PDF.js (a dev dependency): what a reader or a search would
 * find in it. Items of one page are joined by single spaces.
 */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const pdf = await getDocument({
    data: new Uint8Array(data),
    standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  await pdf.destroy();
  return pages;
}
