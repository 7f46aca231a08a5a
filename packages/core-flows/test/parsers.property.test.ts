/**
 * Property tests for every parser of untrusted input outside the password and token
 * modules (which have their own): whatever arrives, the answer is a value or a typed
 * error — never a crash, never a half-written record.
 */

import { InputError, normalizeEmail } from '@portcullis/core';
import { parseAuthenticationResponse } from '@portcullis/core/passkeys';
import { parseMetadata } from '@portcullis/core/users';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testAuth } from './harness.ts';
import { untyped } from './untyped.ts';

function typedOrValue(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return error instanceof InputError;
  }
}

const anything = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.anything(),
  fc.constant('\u0000'),
);

describe('parsers of untrusted input', () => {
  it('normalizeEmail returns an ASCII, lower-cased key or throws InputError', () => {
    fc.assert(
      fc.property(anything, (raw) =>
        typedOrValue(() => {
          const { email, emailKey } = normalizeEmail(raw);
          expect(emailKey).toBe(email.toLowerCase());
          expect(emailKey).toMatch(/^[\x21-\x7e]+$/);
        }),
      ),
    );
  });

  it('normalizeEmail accepts generated valid addresses', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const simple = /^[\w+-]+(\.[\w+-]+)*@[\da-z]+([.-][\da-z]+)*\.[a-z]{2,}$/i.test(address);
        fc.pre(simple && address.length <= 254);
        expect(normalizeEmail(address).email).toBe(address);
      }),
    );
  });

  it('parseMetadata returns a JSON-equal copy or throws InputError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.object(), fc.jsonValue(), fc.anything()), (raw) =>
        typedOrValue(() => {
          const parsed = parseMetadata(raw);
          expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
        }),
      ),
    );
  });

  it('parseAuthenticationResponse returns its input or throws InputError, never more', () => {
    const field = fc.oneof(fc.string({ maxLength: 2000 }), fc.anything());
    const shaped = fc.record(
      {
        id: field,
        rawId: field,
        type: field,
        response: fc.oneof(
          fc.record(
            {
              clientDataJSON: field,
              authenticatorData: field,
              signature: field,
              userHandle: field,
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
        clientExtensionResults: fc.oneof(fc.object(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(shaped, anything), (raw) =>
        typedOrValue(() => expect(parseAuthenticationResponse(untyped(raw))).toBe(raw)),
      ),
    );
  });

  it('parseMetadata stores -0 as 0, as JSON and jsonb would', () => {
    expect(Object.is(parseMetadata({ n: -0, list: [-0] }).n, 0)).toBe(true);
    expect(parseMetadata({ n: -0, list: [-0] })).toEqual({ n: 0, list: [0] });
  });

  it('session, refresh and access-token checks refuse any string, and throw for a non-string', async () => {
    const h = testAuth();
    const refusedOrInputError = async (run: () => Promise<{ ok: boolean }>, token: unknown) => {
      if (typeof token === 'string') expect(await run()).toMatchObject({ ok: false });
      else await expect(run()).rejects.toBeInstanceOf(InputError);
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), anything), async (token) => {
        await refusedOrInputError(
          () => h.auth.validateSession({ sessionToken: untyped(token) }),
          token,
        );
        await refusedOrInputError(
          () => h.auth.rotateRefreshToken({ refreshToken: untyped(token) }),
          token,
        );
        await refusedOrInputError(
          () => h.auth.authenticate({ accessToken: untyped(token) }),
          token,
        );
      }),
      { numRuns: 200 },
    );
    expect(h.events).toHaveLength(0);
  });

  it('signUp with arbitrary input either succeeds or throws InputError, writing nothing on error', async () => {
    await fc.assert(
      fc.asyncProperty(anything, anything, async (email, password) => {
        const h = testAuth();
        try {
          await h.auth.signUp({ email: untyped(email), password: untyped(password) });
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((await h.repos.users.list({ limit: 1 })).users).toHaveLength(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
