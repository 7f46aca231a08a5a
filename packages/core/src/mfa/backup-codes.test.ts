import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { cryptoRandom } from '../primitives/index.ts';
import { generateBackupCodes, normalizeBackupCode } from './backup-codes.ts';

describe('backup codes', () => {
  it('generates ten distinct 60-bit codes in XXXX-XXXX-XXXX form', () => {
    const codes = generateBackupCodes(cryptoRandom);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('normalises case, separators and look-alike letters', () => {
    expect(normalizeBackupCode('abcd-efgh-jkmn')).toBe('ABCDEFGHJKMN');
    expect(normalizeBackupCode(' oOil 1234 5678 ')).toBe('00111234' + '5678');
  });

  it('refuses what cannot be a code before any lookup', () => {
    for (const bad of ['', 'ABCD-EFGH-JKM', 'ABCD-EFGH-JKMNP', 'ABCD-EFGH-JKMU', 'x'.repeat(100)]) {
      expect(() => normalizeBackupCode(bad)).toThrow(InputError);
    }
  });
});
