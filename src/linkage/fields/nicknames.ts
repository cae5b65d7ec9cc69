/**
 * Common Indonesian call names (nama panggilan) beside the formal given name, in normalised spelling
 * (src/identity/name.ts): a list row written "Wawan Setiawan" is the registry's "Hermawan Setiawan" as often
 * as not. Only pairs seen widely in registers; a call name shared by several formal names lists each.
 */
const CALL_NAMES: Readonly<Record<string, readonly string[]>> = {
  muhammad: ['mamat', 'memed', 'amat'],
  rahmat: ['amat', 'mamat'],
  slamet: ['memet', 'met'],
  hermawan: ['wawan', 'herman'],
  setiawan: ['wawan', 'iwan'],
  kurniawan: ['iwan', 'awan', 'wawan'],
  gunawan: ['igun', 'gun', 'wawan'],
  irawan: ['iwan', 'wawan'],
  abdullah: ['dulah', 'dul'],
  abdul: ['dul'],
  nurhayati: ['yati', 'nur'],
  sumarni: ['marni'],
  suparmi: ['parmi'],
  suparman: ['parman'],
  sutrisno: ['tris', 'trisno'],
  sulastri: ['lastri', 'tri'],
  bambang: ['bams'],
  agustinus: ['agus'],
  yohanes: ['anis', 'yan', 'hanes'],
  fransiskus: ['frans'],
  kristina: ['tina'],
  yuliana: ['yuli'],
  theresia: ['tere', 'resi'],
  margaretha: ['greta', 'eta'],
  wahyuni: ['yuni'],
  susilowati: ['susi'],
  kartini: ['tini'],
  handayani: ['yani'],
  rusdianto: ['rusdi'],
  hidayat: ['dayat'],
  hidayati: ['yati'],
};

const pairs = new Set<string>();
for (const [formal, calls] of Object.entries(CALL_NAMES))
  for (const call of calls) {
    pairs.add(`${formal}|${call}`);
    pairs.add(`${call}|${formal}`);
  }

/** Whether one token is a common call name of the other (normalised tokens). */
export const isCallName = (a: string, b: string): boolean => pairs.has(`${a}|${b}`);
