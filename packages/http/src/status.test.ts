import { ConfigError, InputError, StorageError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { jwksResponse } from './handler.ts';
import { errorResponse, failureResponse } from './responses.ts';
import { FAILURE_CODES, HTTP_ERRORS } from './status.ts';
import { errorCode, httpHarness, PASSWORD } from './test-support/harness.ts';

describe('the status table', () => {
  it('maps every core failure reason to a code the table knows', () => {
    for (const [flow, reasons] of Object.entries(FAILURE_CODES)) {
      for (const [reason, code] of Object.entries(reasons)) {
        expect(HTTP_ERRORS, `${flow}.${reason}`).toHaveProperty(code);
      }
    }
  });

  it('answers refresh refusals 401, except a concurrent rotation (409)', () => {
    for (const reason of Object.keys(
      FAILURE_CODES.refresh,
    ) as (keyof typeof FAILURE_CODES.refresh)[]) {
      expect(failureResponse('refresh', reason).status, reason).toBe(
        reason === 'concurrent_rotation' ? 409 : 401,
      );
    }
  });

  it('gives every error the documented body shape', () => {
    expect(failureResponse('signIn', 'email_unverified')).toMatchObject({
      status: 403,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { error: { code: 'email_not_verified', message: expect.any(String) } },
    });
  });
});

describe('errorResponse', () => {
  it('maps InputError to 400 with its issues', () => {
    const response = errorResponse(new InputError([{ field: 'email', problem: 'too_long' }]));
    expect(response).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', issues: [{ field: 'email', problem: 'too_long' }] } },
    });
  });

  it('maps configuration, storage and unknown errors to a bare 500', () => {
    for (const error of [
      new ConfigError('accessToken key "k1" secret must be at least 32 bytes'),
      new StorageError('duplicate key value violates unique constraint "users_email_key"'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      'a thrown string',
      null,
    ]) {
      const response = errorResponse(error);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'internal_error', message: HTTP_ERRORS.internal_error.message },
      });
    }
  });

  it('lets a failing repository surface as 500 through the handler and reports it', async () => {
    const h = httpHarness();
    h.repos.users.findByEmailKey = async () => {
      throw new StorageError('SELECT * FROM users WHERE email_key = $1 -- timeout');
    };
    const response = await h.send({
      method: 'POST',
      path: '/sign-in',
      body: { email: 'a@example.com', password: PASSWORD },
    });
    expect([response.status, errorCode(response)]).toEqual([500, 'internal_error']);
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|timeout/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(h.errors).toEqual([expect.any(StorageError)]);
  });
});

describe('jwksResponse', () => {
  it('publishes no keys for an HS256-only configuration', async () => {
    const h = httpHarness();
    expect(await jwksResponse(h.auth)).toMatchObject({ status: 200, body: { keys: [] } });
  });

  it('publishes the public half of asymmetric keys only', async () => {
    const { generateAccessTokenKey } = await import('@portcullis/core');
    const key = await generateAccessTokenKey('EdDSA', 'ed-1');
    const h = httpHarness({ config: { accessToken: { keys: [key] } } });
    const response = await jwksResponse(h.auth);
    const body = response.body as { keys: Record<string, unknown>[] };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kid: 'ed-1', alg: 'EdDSA', use: 'sig', kty: 'OKP' });
    expect(body.keys[0]).not.toHaveProperty('d');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });
});
