import type { AuthConfig } from '../config.ts';
import { deriveSubkey } from '../keys/index.ts';
import type { RandomSource } from '../primitives/index.ts';
import type { SecretBox } from './secret-box.ts';
import { createSecretBox } from './secret-box.ts';

/** The key id of the default key, derived from `config.secret` when none is configured. */
export const DERIVED_KEY_ID = 'derived';

/**
 * The secret box of a configuration: `mfa.secretBoxKeys` when set, else one AES-256 key
 * derived from `config.secret` (HKDF-SHA256, its own label), so TOTP secrets are always
 * stored encrypted. Throws `ConfigError` for unusable keys.
 */
export async function secretBoxOf(config: AuthConfig, random: RandomSource): Promise<SecretBox> {
  const keys = config.mfa.secretBoxKeys ?? [
    {
      id: DERIVED_KEY_ID,
      key: await deriveSubkey(config.secret, 'totp-secret-box'),
    },
  ];
  const currentKeyId = config.mfa.secretBoxKeyId ?? undefined;
  return createSecretBox({ keys, random, ...(currentKeyId ? { currentKeyId } : {}) });
}

/** What a TOTP secret is bound to when sealed: its user and factor (see secret-box.ts). */
export function totpSealContext(userId: string, factorId: string): string {
  return `totp\u0000${userId}\u0000${factorId}`;
}
