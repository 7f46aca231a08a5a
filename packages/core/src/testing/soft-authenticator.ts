/**
 * A software WebAuthn authenticator for tests: ES256 keys made and used with WebCrypto, so
 * it runs wherever core does (Node, Bun, Deno, workerd). It answers the options core's
 * passkey ceremonies return with genuine responses that `@simplewebauthn/server` verifies,
 * and has knobs a real authenticator lacks, for attack tests. Never use it in production.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { base64url, utf8 } from '../primitives/index.ts';
import type {
  SoftAssertionCeremony,
  SoftAuthenticator,
  SoftAuthenticatorOptions,
  SoftCeremony,
} from './soft-authenticator-types.ts';
import {
  attestedCredentialData,
  authenticatorData,
  concat,
  coseEs256Key,
  derEcdsaSignature,
  FLAG,
  noneAttestationObject,
  sha256,
} from './webauthn-encoding.ts';

const ES256 = -7;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

interface HeldCredential {
  credentialId: string;
  rpId: string;
  userHandle: string;
  discoverable: boolean;
  signCount: number;
  privateKey: CryptoKey;
}

/** The rpId a browser would use: the options' or the origin's host (WebAuthn §5.1.3). */
function rpIdOf(named: string | undefined, origin: string): string {
  return named ?? new URL(origin).hostname;
}

function clientData(type: string, challenge: string, origin: string): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** A software authenticator; see `SoftAuthenticatorOptions` for its behaviour. */
export function softAuthenticator(options: SoftAuthenticatorOptions = {}): SoftAuthenticator {
  return authenticatorHolding(options, []);
}

function authenticatorHolding(
  settings: SoftAuthenticatorOptions,
  held: HeldCredential[],
): SoftAuthenticator {
  const flagsFor = (ceremony: SoftCeremony): number =>
    FLAG.userPresent |
    ((ceremony.userVerification ?? settings.userVerification ?? true) ? FLAG.userVerified : 0) |
    (settings.backedUp ? FLAG.backupEligible | FLAG.backedUp : 0);

  async function create(
    options: PublicKeyCredentialCreationOptionsJSON,
    ceremony: SoftCeremony,
  ): Promise<RegistrationResponseJSON> {
    const rpId = rpIdOf(options.rp.id, ceremony.origin);
    if (!options.pubKeyCredParams.some((param) => param.alg === ES256)) {
      throw new DOMException('the options do not accept ES256', 'NotSupportedError');
    }
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (held.some((c) => c.rpId === rpId && excluded.has(c.credentialId))) {
      throw new DOMException('a credential here is excluded', 'InvalidStateError');
    }
    const keys = await crypto.subtle.generateKey(ECDSA_P256, false, ['sign', 'verify']);
    const rawId = crypto.getRandomValues(new Uint8Array(32));
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
    const selection = options.authenticatorSelection;
    const credential: HeldCredential = {
      credentialId: base64url(rawId),
      rpId,
      userHandle: options.user.id,
      discoverable:
        selection?.requireResidentKey === true ||
        selection?.residentKey === 'required' ||
        selection?.residentKey === 'preferred',
      signCount: 0,
      privateKey: keys.privateKey,
    };
    const authData = await authenticatorData({
      rpId: ceremony.rpId ?? rpId,
      flags: flagsFor(ceremony) | FLAG.attestedCredentialData,
      signCount: credential.signCount,
      attested: attestedCredentialData(rawId, coseEs256Key(publicKey)),
    });
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    held.push(credential);
    return {
      id: credential.credentialId,
      rawId: credential.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: base64url(
          clientData('webauthn.create', options.challenge, ceremony.origin),
        ),
        attestationObject: base64url(noneAttestationObject(authData)),
        authenticatorData: base64url(authData),
        publicKey: base64url(spki),
        publicKeyAlgorithm: ES256,
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: options.extensions?.credProps
        ? { credProps: { rk: credential.discoverable } }
        : {},
    };
  }

  function choose(rpId: string, options: PublicKeyCredentialRequestOptionsJSON, chosen?: string) {
    if (chosen !== undefined) return held.find((c) => c.credentialId === chosen && c.rpId === rpId);
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const fitting = held.filter(
      (c) => c.rpId === rpId && (allowed.size > 0 ? allowed.has(c.credentialId) : c.discoverable),
    );
    if (fitting.length > 1 && allowed.size === 0) {
      throw new Error('several discoverable credentials fit: pass credentialId');
    }
    return fitting[0];
  }

  async function get(
    options: PublicKeyCredentialRequestOptionsJSON,
    ceremony: SoftAssertionCeremony,
  ): Promise<AuthenticationResponseJSON> {
    const rpId = rpIdOf(options.rpId, ceremony.origin);
    const credential = choose(rpId, options, ceremony.credentialId);
    if (!credential) throw new DOMException(`no credential for ${rpId}`, 'NotAllowedError');
    if (ceremony.signCount !== undefined) credential.signCount = ceremony.signCount;
    else if (settings.counter !== 'zero') credential.signCount += 1;
    const authData = await authenticatorData({
      rpId: ceremony.rpId ?? rpId,
      flags: flagsFor(ceremony),
      signCount: credential.signCount,
    });
    const clientDataJSON = clientData('webauthn.get', options.challenge, ceremony.origin);
    // §6.3.3 step 11: the signature covers authenticatorData || SHA-256(clientDataJSON).
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      credential.privateKey,
      signed,
    );
    return {
      id: credential.credentialId,
      rawId: credential.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: base64url(clientDataJSON),
        authenticatorData: base64url(authData),
        signature: base64url(derEcdsaSignature(new Uint8Array(raw))),
        ...(credential.discoverable ? { userHandle: credential.userHandle } : {}),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  return {
    create,
    get,
    credentials: () => held.map(({ privateKey: _key, ...credential }) => ({ ...credential })),
    clone: () =>
      authenticatorHolding(
        settings,
        held.map((credential) => ({ ...credential })),
      ),
  };
}
