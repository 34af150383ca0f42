/**
 * Mainland resident identity numbers (居民身份证, GB 11643-1999): 6-digit area code, 8-digit birth
 * date, 3-digit sequence, and a check character computed from the first 17 digits.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character (a digit or `X`) of the first 17 digits. */
export function checkChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`17 digits expected, got ${first17}`);
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  return CHECK_CHARS[sum % 11];
}

/** Whether `id` is a valid 18-character number: checksum and a real birth date. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (checkChar(id.slice(0, 17)) !== id[17]) return false;
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A valid number for someone born on `birth` (default 1985-06-15) in Beijing Chaoyang (110105),
 * with the sequence `seq` (0–999): different sequences give different people.
 */
export function makeIdNumber(seq = Math.floor(Math.random() * 1000), birth = '19850615'): string {
  const first17 = `110105${birth}${String(seq % 1000).padStart(3, '0')}`;
  const id = first17 + checkChar(first17);
  if (!isValidIdNumber(id)) throw new Error(`generated an invalid ID number ${id}`);
  return id;
}

// The standard's own example must pass, and a changed digit must fail.
if (!isValidIdNumber('11010519491231002X') || isValidIdNumber('110105194912310021')) {
  throw new Error('the GB 11643 checksum helper is wrong');
}
