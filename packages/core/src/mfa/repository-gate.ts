import type { AuthConfig } from '../config.ts';
import type { MfaRepo } from '../mfa-repo.ts';
import { passkeysAvailable } from '../passkeys/index.ts';
import type { PasskeyRepo } from '../repos-passkeys.ts';
import type { SecondFactorGate, SecondFactorKind } from './gate.ts';

/**
 * The default {@link SecondFactorGate}: a user with a confirmed TOTP factor owes a second
 * factor, and may give it as `totp`, as `backup_code` while any remain, or as `webauthn`
 * when they hold a passkey (and passkeys are configured and on). A pending (unconfirmed)
 * enrolment changes nothing, and neither does a passkey alone: registering one for
 * convenience does not turn two-factor sign-in on (docs/passkeys.md, "As a second factor").
 */
export function repositorySecondFactorGate(
  repos: { readonly mfa: MfaRepo; readonly passkeys: PasskeyRepo },
  config: Pick<AuthConfig, 'flows' | 'passkeys'>,
): SecondFactorGate {
  return {
    async activeFactors(userId) {
      const factors = await repos.mfa.listTotp(userId);
      if (!factors.some((factor) => factor.confirmedAt !== null)) return [];
      const [remaining, passkeys] = await Promise.all([
        repos.mfa.countBackupCodes(userId),
        passkeysAvailable(config) ? repos.passkeys.listByUser(userId) : [],
      ]);
      const kinds: SecondFactorKind[] = ['totp'];
      if (passkeys.length > 0) kinds.push('webauthn');
      if (remaining > 0) kinds.push('backup_code');
      return kinds;
    },
  };
}
