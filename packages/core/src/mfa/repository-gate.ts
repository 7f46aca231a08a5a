import type { MfaRepo } from '../mfa-repo.ts';
import type { SecondFactorGate, SecondFactorKind } from './gate.ts';

/**
 * The default {@link SecondFactorGate}: a user with a confirmed TOTP factor owes a second
 * factor, and may give it as `totp` or, while any remain, as `backup_code`. A pending
 * (unconfirmed) enrolment changes nothing.
 */
export function repositorySecondFactorGate(repos: { readonly mfa: MfaRepo }): SecondFactorGate {
  return {
    async activeFactors(userId) {
      const factors = await repos.mfa.listTotp(userId);
      if (!factors.some((factor) => factor.confirmedAt !== null)) return [];
      const remaining = await repos.mfa.countBackupCodes(userId);
      const kinds: SecondFactorKind[] = ['totp'];
      if (remaining > 0) kinds.push('backup_code');
      return kinds;
    },
  };
}
