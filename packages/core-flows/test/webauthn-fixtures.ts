/**
 * Reads the recorded genuine WebAuthn responses from the shared fixtures file (public test
 * data of the SimpleWebAuthn project, kept outside this repository: see its header). The
 * path is `WEBAUTHN_FIXTURES` or the machine's shared copy. A missing file fails the tests.
 */
import { readFileSync } from 'node:fs';

const path = process.env.WEBAUTHN_FIXTURES ?? '/work/shared/fixtures/webauthn/fixtures.md';
const text = readFileSync(path, 'utf8');

/** The text of section `### <number> …` up to the next section. */
function section(number: string): string {
  const start = text.indexOf(`### ${number} `);
  if (start < 0) throw new Error(`fixtures: no section ${number}`);
  const end = text.indexOf('\n### ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The value of `key: '…' + '…'` (a literal split over lines) in a code block. */
function literal(block: string, key: string): string {
  const match = new RegExp(`\\b${key}:\\s*((?:'[^']*'\\s*\\+?\\s*)+)`).exec(block);
  if (!match?.[1]) throw new Error(`fixtures: no ${key}`);
  return [...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]).join('');
}

/** The value of `const name = '…'`. */
function constant(block: string, name: string): string {
  const match = new RegExp(`const ${name} = '([^']*)'`).exec(block);
  if (!match?.[1]) throw new Error(`fixtures: no const ${name}`);
  return match[1];
}

/** The value of a bullet `` `key` = `'…'` `` (or `` `key` = `'…'` ``). */
function bullet(block: string, key: string): string {
  const match = new RegExp(`\`${key}\` = \`'([^']*)'\``).exec(block);
  if (!match?.[1]) throw new Error(`fixtures: no bullet ${key}`);
  return match[1];
}

const none = section('3.1');
const packed = section('3.2');
const assertion = section('3.4');
const zero = section('3.5');

function registration(block: string) {
  return {
    id: literal(block, 'id'),
    rawId: literal(block, 'rawId'),
    response: {
      attestationObject: literal(block, 'attestationObject'),
      clientDataJSON: literal(block, 'clientDataJSON'),
      transports: [],
    },
    type: 'public-key' as const,
    clientExtensionResults: {},
  };
}

/** 3.1: attestation `none`, ES256, user verified. */
export const registrationNone = {
  response: registration(none),
  challenge: constant(none, 'expectedChallenge'),
  credentialId: bullet(none, 'credential.id'),
  publicKey: /`credential.publicKey` \(base64url COSE\) = `([^`]+)`/.exec(none)?.[1] ?? '',
};

/** 3.2: packed self-attestation whose client-sent `id` (`bbb`) is not the credential's. */
export const registrationPacked = {
  response: registration(packed),
  challenge: constant(packed, 'expectedChallenge'),
  credentialId: bullet(packed, 'credential.id'),
};

/** 3.4: an assertion (counter 143 → 144, user present, not verified). */
export const assertion144 = {
  response: {
    id: literal(assertion, 'id'),
    rawId: literal(assertion, 'rawId'),
    response: {
      authenticatorData: literal(assertion, 'authenticatorData'),
      clientDataJSON: literal(assertion, 'clientDataJSON'),
      signature: literal(assertion, 'signature'),
    },
    clientExtensionResults: {},
    type: 'public-key' as const,
  },
  challenge: constant(assertion, 'expectedChallenge'),
  publicKey: /base64urlToBytes\('([^']+)'\)/.exec(assertion)?.[1] ?? '',
  counter: 143,
};

/** 3.5: an assertion from an authenticator that does not count (0 → 0). */
export const assertionZero = {
  response: {
    id: bullet(zero, 'response.id`/`rawId'),
    rawId: bullet(zero, 'response.id`/`rawId'),
    response: {
      authenticatorData: bullet(zero, 'authenticatorData'),
      clientDataJSON: bullet(zero, 'clientDataJSON'),
      signature: bullet(zero, 'signature'),
    },
    clientExtensionResults: {},
    type: 'public-key' as const,
  },
  challenge: bullet(zero, 'expectedChallenge'),
  publicKey: /credential `publicKey` = `'([^']+)'`/.exec(zero)?.[1] ?? '',
  counter: 0,
};
