import { describe, expect, it } from 'vitest';
import { pdfPages } from '../../testing/pdf-text.js';
import { renderWorkListPdf } from './work-list-pdf.js';
import { maskAddress } from './work-list.js';
import type { WorkListRow } from './work-list.js';
import { NEXT_STEP } from './work-list.js';

const row = (n: number, village: string, overrides: Partial<WorkListRow> = {}): WorkListRow => ({
  enrolment_id: n,
  version: 1,
  pilot_id: 1,
  wave_no: 1,
  village_code: village,
  household_id: 100 + n,
  person_id: 200 + n,
  name: `Maria Bani ${n}`,
  nik: '5301********0001',
  address: maskAddress(`Dusun ${n} RT 00${n}`),
  treatment: 'ANGGOTA_SIMPANAN',
  state: 'identified',
  next_step: NEXT_STEP.identified!,
  facilitator: null,
  last_visit_on: null,
  next_visit_on: n % 2 === 0 ? '2026-04-0' + String(n % 9) : null,
  ...overrides,
});

describe('printable work list (PDF)', () => {
  it('masks an address to its first word', () => {
    expect(maskAddress('Jalan Kelapa 12 RT 003')).toBe('Jalan ***');
    expect(maskAddress('12 Kelapa')).toBe('** ***');
    expect(maskAddress(null)).toBeNull();
  });

  it('one section per village on its own pages, in Indonesian, names and a signature line for each', async () => {
    const a = '53.01.05.2001';
    const b = '53.01.05.2002';
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => row(i + 1, a)),
      row(99, b, { state: 'contacted', next_step: NEXT_STEP.contacted!, name: 'Yohanes Ndun' }),
    ];
    const pdf = await renderWorkListPdf(rows, {
      villageNames: new Map([
        [a, 'Oesao'],
        [b, 'Naibonat'],
      ]),
      facilitator: 'Agustina Lay',
      generatedAt: new Date('2026-03-02T00:00:00Z'),
      revealed: false,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3); // 40 rows overflow one page; village b starts a new one
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Naibonat (53.01.05.2002)');
    expect(last).toContain('Yohanes Ndun');
    expect(last).toContain('minta persetujuan');
    expect(last).not.toContain('Maria Bani');
    const text = pages.join(' ');
    for (let i = 1; i <= 40; i++) expect(text).toContain(`Maria Bani ${i} `);
    expect(pages[0]).toContain('Daftar kerja pendamping — Oesao (53.01.05.2001)');
    expect(pages[0]).toContain('Pendamping: Agustina Lay');
    expect(pages[0]).toContain('NIK dan alamat disamarkan');
    expect(pages[0]).toContain('Tanda tangan');
    expect(pages[0]).toContain('kunjungan pertama: jelaskan koperasi');
    expect(pages[0]).toContain('5301********0001');
    expect(pages[0]).toContain('Dusun ***');
    expect(pages[1]).toContain('(lanjutan)');
    expect(text).toContain('Mengetahui, Kepala Desa/Lurah');
  });

  it('an empty list still prints a page that says so', async () => {
    const pages = await pdfPages(
      await renderWorkListPdf([], {
        villageNames: new Map(),
        facilitator: null,
        generatedAt: new Date(),
        revealed: true,
      }),
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('Tidak ada rumah tangga untuk dikunjungi.');
  });
});
