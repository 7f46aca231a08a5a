import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, isAuthError, StorageError } from './errors.ts';

describe('isAuthError', () => {
  it('narrows to the class carrying the code, so its fields type-check', () => {
    const error: unknown = new InputError([{ field: 'email', problem: 'invalid_format' }]);
    if (!isAuthError(error, 'INPUT_INVALID')) throw new Error('expected an input error');
    expect(error.issues).toEqual([{ field: 'email', problem: 'invalid_format' }]);
  });

  it('answers by class and code, never by a code some other error claims', () => {
    const input = new InputError([]);
    expect(isAuthError(input)).toBe(true);
    expect(isAuthError(input, 'CONFIG_INVALID')).toBe(false);
    expect(isAuthError(new ConfigError('bad'), 'CONFIG_INVALID')).toBe(true);
    expect(isAuthError(new StorageError('down'), 'STORAGE_FAILURE')).toBe(true);
    const impostor = Object.assign(new Error('x'), { code: 'INPUT_INVALID', issues: [] });
    expect(isAuthError(impostor)).toBe(false);
    expect(isAuthError(impostor, 'INPUT_INVALID')).toBe(false);
    expect(isAuthError('INPUT_INVALID', 'INPUT_INVALID')).toBe(false);
  });
});
