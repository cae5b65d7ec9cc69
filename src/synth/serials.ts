import { formatNik } from '../identity/nik.js';

/**
 * Hands out NIK and No. KK serials so synthetic identifiers are unique, as Dukcapil's are: a NIK serial counts
 * people with the same district, birth date and sex (from 0001); a KK serial counts cards per district and
 * recording date. Keep one allocator per district (the demo makes a new one for each district) so memory stays
 * bounded by one district's population.
 */
export class SerialAllocator {
  private readonly counters = new Map<string, number>();

  next(key: string): number {
    const value = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, value);
    return value;
  }

  nik(district: string, birthDate: string, sex: 'L' | 'P'): string {
    const serial = this.next(`n${district}${birthDate}${sex}`);
    return formatNik({ district, birthDate, sex, serial: Math.min(serial, 9999) });
  }

  kk(district: string, recordedOn: string): string {
    const serial = this.next(`k${district}${recordedOn}`);
    const [y, m, d] = recordedOn.split('-') as [string, string, string];
    return `${district.replace(/\./g, '')}${d}${m}${y.slice(2)}${String(Math.min(serial, 9999)).padStart(4, '0')}`;
  }
}
