import { describe, expect, it } from 'vitest';
import type { BreachedPasswordChecker } from './screen.ts';
import { createPasswordScreen, isCommonPassword } from './screen.ts';

const never: BreachedPasswordChecker = { isBreached: async () => false };
const always: BreachedPasswordChecker = { isBreached: async () => true };

describe('createPasswordScreen', () => {
  it('refuses passwords from the common list, whatever their case', async () => {
    const screen = createPasswordScreen();
    for (const password of ['password', 'Password123', 'QWERTYUIOP', 'iloveyou', '1qaz2wsx'])
      expect(await screen.check(password), password).toBe('password_too_common');
  });

  it('lets uncommon passwords through', async () => {
    const screen = createPasswordScreen();
    for (const password of ['correct horse battery staple', 'pw-9c1f0d6e-5a43', 'Ünïcødé pässwörd'])
      expect(await screen.check(password), password).toBeNull();
    expect(await isCommonPassword('password1')).toBe(true);
    expect(await isCommonPassword('password1 ')).toBe(false);
  });

  it('skips the list when told, and asks the breach corpus after it', async () => {
    expect(await createPasswordScreen({ refuseCommon: false }).check('password')).toBeNull();
    const asked: string[] = [];
    const recording: BreachedPasswordChecker = {
      isBreached: async (password) => {
        asked.push(password);
        return password === 'leaked but rare';
      },
    };
    const screen = createPasswordScreen({ breached: recording });
    expect(await screen.check('leaked but rare')).toBe('password_breached');
    expect(await screen.check('never seen anywhere')).toBeNull();
    // A common password is refused offline: the corpus is not asked.
    expect(await screen.check('password')).toBe('password_too_common');
    expect(asked).toEqual(['leaked but rare', 'never seen anywhere']);
    expect(await createPasswordScreen({ breached: always }).check('x y z w')).toBe(
      'password_breached',
    );
    expect(await createPasswordScreen({ breached: never }).check('x y z w')).toBeNull();
  });

  it('lets the password through when the corpus cannot be asked, and reports it', async () => {
    const failures: unknown[] = [];
    const down = new Error('range API unreachable');
    const screen = createPasswordScreen({
      breached: { isBreached: () => Promise.reject(down) },
      onUnavailable: (error) => failures.push(error),
    });
    expect(await screen.check('a rare password')).toBeNull();
    expect(failures).toEqual([down]);
    // Without a handler the outage is swallowed, never thrown into the flow.
    const quiet = createPasswordScreen({ breached: { isBreached: () => Promise.reject(down) } });
    expect(await quiet.check('a rare password')).toBeNull();
  });
});
