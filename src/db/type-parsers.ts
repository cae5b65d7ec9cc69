/**
 * The same JS types from both engines: int8 and numeric as numbers (ids and rupiah stay far below 2^53),
 * `date` as its ISO text (no time-zone shifts), timestamps as Date.
 */
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, INT8_ARRAY: 1016 } as const;

export const parseInt8 = (value: string): number => Number(value);
export const parseNumeric = (value: string): number => Number(value);
export const parseDate = (value: string): string => value;
