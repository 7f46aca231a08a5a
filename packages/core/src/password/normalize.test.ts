import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { normalizePassword } from './index.ts';

const policy = { minLength: 8, maxLength: 64 };

function problemOf(raw: unknown, rules = policy): string | undefined {
  try {
    normalizePassword(raw, rules);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.field).toBe('password');
    return error.issues[0]?.problem;
  }
  return undefined;
}

describe('normalizePassword', () => {
  it('maps the "ﬁ" ligature and fullwidth letters to their ASCII equivalents (NFKC)', () => {
    expect(normalizePassword('ﬁnancial-ﬁx', policy)).toBe('financial-fix');
    expect(normalizePassword('Ｐａｓｓｗｏｒｄ１２', policy)).toBe('Password12');
    expect(normalizePassword('ﬁnancial-ﬁx', policy)).toBe(
      normalizePassword('financial-fix', policy),
    );
  });

  it('keeps an ordinary password unchanged', () => {
    expect(normalizePassword('correct horse battery staple', policy)).toBe(
      'correct horse battery staple',
    );
  });

  it('counts code points after normalisation: an emoji is one character', () => {
    const rules = { minLength: 1, maxLength: 3 };
    expect(normalizePassword('😀😀😀', rules)).toBe('😀😀😀');
    expect(problemOf('😀😀😀😀', rules)).toBe('too_long');
    // "e" + COMBINING ACUTE composes to "é": four code points raw, two after NFKC.
    expect(normalizePassword('e\u0301e\u0301', { minLength: 2, maxLength: 2 })).toBe('éé');
    expect(problemOf('e\u0301', { minLength: 2, maxLength: 8 })).toBe('too_short');
  });

  it('rejects a password one character too long instead of truncating it', () => {
    const rules = { minLength: 1, maxLength: 8 };
    expect(normalizePassword('abcdefgh', rules)).toBe('abcdefgh');
    expect(problemOf('abcdefghi', rules)).toBe('too_long');
  });

  it('rejects absurdly long raw input before normalising it', () => {
    // The trailing NUL would be `control_character` if the string were normalised first.
    expect(problemOf(`${'a'.repeat(policy.maxLength * 4)}\u0000`)).toBe('too_long');
    expect(problemOf('ﬁ'.repeat(5_000_000))).toBe('too_long');
  });

  it('rejects too-short and empty passwords', () => {
    expect(problemOf('short')).toBe('too_short');
    expect(problemOf('')).toBe('too_short');
  });

  it('rejects NUL, every other C0 control and DEL', () => {
    const controls = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f];
    for (const code of controls) {
      expect(problemOf(`password${String.fromCharCode(code)}123`)).toBe('control_character');
    }
  });

  it('rejects lone surrogates, which UTF-8 encoding would silently replace', () => {
    expect(problemOf('password\ud800123')).toBe('invalid_format');
    expect(problemOf('password\udfff123')).toBe('invalid_format');
  });

  it('rejects anything that is not a string', () => {
    for (const raw of [
      undefined,
      null,
      12345678,
      true,
      {},
      ['password123'],
      new String('password123'),
    ]) {
      expect(problemOf(raw)).toBe('invalid_type');
    }
  });

  it('never puts the password into the error', () => {
    const secrets = [
      'hunter2-secret\u0000x',
      'hunter2-secret'.repeat(10),
      'hunter2',
      `hunter2${'x'.repeat(1000)}`,
    ];
    for (const secret of secrets) {
      try {
        normalizePassword(secret, { minLength: 8, maxLength: 32 });
        expect.unreachable('should have thrown');
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        const inputError = error as InputError;
        expect(inputError.message).not.toContain('hunter2');
        expect(JSON.stringify(inputError.issues)).not.toContain('hunter2');
      }
    }
  });

  it('property: any input yields a valid normalised password or an InputError', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const rules = { minLength: 2, maxLength: 12 };
    const input = fc.oneof(fc.string({ unit: anyUnit, maxLength: 60 }), fc.string(), fc.anything());
    fc.assert(
      fc.property(input, (raw) => {
        let result: string;
        try {
          result = normalizePassword(raw, rules);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        const codePoints = [...result].length;
        expect(codePoints).toBeGreaterThanOrEqual(rules.minLength);
        expect(codePoints).toBeLessThanOrEqual(rules.maxLength);
        expect([...result].some((char) => char < ' ' || char === '\u007f')).toBe(false);
        expect(normalizePassword(result, rules)).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });
});
