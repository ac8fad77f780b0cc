import { normalisePostcode } from './search-query.ts';

// Rows of the open national postcode directory (ONS Postcode Directory layout): one postcode a row with its
// latitude (`lat`), longitude (`long`) and the month it was ended (`doterm`, empty while in use). No database here.

/** Where the directory puts a postcode it has no place for. */
const NO_LOCATION_LATITUDE = 99.999999;

export type PostcodeRow =
  | { kind: 'place'; postcode: string; latitude: number; longitude: number }
  | { kind: 'ended' }
  | { kind: 'no location' }
  | { kind: 'problem'; problem: string };

/** The columns a file must have, by their names in its header row: `pcds` or `pcd`, `lat`, `long` and `doterm`. */
export function missingColumns(header: string[]): string[] {
  const has = (name: string) => header.includes(name);
  return [
    ...(has('pcds') || has('pcd') ? [] : ['pcds (or pcd)']),
    ...['lat', 'long', 'doterm'].filter((name) => !has(name)),
  ];
}

const number = (value: string | undefined) =>
  value !== undefined && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;

/** One row checked: a postcode with its place, one to leave out (ended, or without a place), or what is wrong. */
export function checkPostcodeRow(row: Record<string, string | undefined>): PostcodeRow {
  const typed = row.pcds ?? row.pcd ?? '';
  if ((row.doterm ?? '').trim() !== '') return { kind: 'ended' };
  const postcode = normalisePostcode(typed);
  if (!postcode)
    return {
      kind: 'problem',
      problem: `${row.pcds === undefined ? 'pcd' : 'pcds'} "${typed.slice(0, 20)}" is not a postcode`,
    };
  const latitude = number(row.lat);
  const longitude = number(row.long);
  if (latitude === NO_LOCATION_LATITUDE) return { kind: 'no location' };
  if (!(latitude >= -90 && latitude <= 90))
    return { kind: 'problem', problem: `lat "${(row.lat ?? '').slice(0, 20)}" is not a latitude from -90 to 90` };
  if (!(longitude >= -180 && longitude <= 180))
    return { kind: 'problem', problem: `long "${(row.long ?? '').slice(0, 20)}" is not a longitude from -180 to 180` };
  return { kind: 'place', postcode, latitude, longitude };
}
