import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateToExcelSerial, excelSerialToDate, excelSerialToIso } from './excel-serial.js';

describe('Excel serial dates', () => {
  it('matches the dates Excel shows for known serials', () => {
    // Values as Excel displays them (1900 system): 61 = 1900-03-01, the first serial after the fake leap day.
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(25_569)).toBe('1970-01-01');
    expect(excelSerialToIso(36_526)).toBe('2000-01-01');
    expect(excelSerialToIso(45_292)).toBe('2024-01-01');
    expect(excelSerialToIso(45_292.75)).toBe('2024-01-01');
    expect(excelSerialToIso(2_958_465)).toBe('9999-12-31');
    expect(excelSerialToDate(45_292.5).toISOString()).toBe('2024-01-01T12:00:00.000Z');
    // 1904 system: day 0 is 1904-01-01.
    expect(excelSerialToDate(0, true).toISOString()).toBe('1904-01-01T00:00:00.000Z');
    expect(excelSerialToDate(43_830, true).toISOString().slice(0, 10)).toBe('2024-01-01');
  });

  it('round-trips whole-day serials in both systems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), fc.boolean(), (serial, date1904) => {
        expect(dateToExcelSerial(excelSerialToDate(serial, date1904), date1904)).toBe(serial);
      }),
    );
  });

  it('round-trips instants to the millisecond', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-03-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (d) => {
          expect(excelSerialToDate(dateToExcelSerial(d)).getTime()).toBe(d.getTime());
        },
      ),
    );
  });

  it('gives the calendar date of the serial day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 61, max: 2_958_465 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (day, time) => {
          expect(excelSerialToIso(day + time)).toBe(excelSerialToDate(day).toISOString().slice(0, 10));
        },
      ),
    );
  });
});
