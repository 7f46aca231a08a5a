import { ConfigError } from '@portcullis/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clearSessionCookie,
  parseCookieHeader,
  readCookie,
  serializeCookie,
  sessionCookie,
  sessionCookieSettings,
} from './cookies.ts';
import { errorCode, httpHarness } from './test-support/harness.ts';

describe('parseCookieHeader / readCookie', () => {
  it('reads well-formed pairs, unquoting quoted values', () => {
    const cookies = parseCookieHeader('a=1; b="two";c=3 ;  d=');
    expect(Object.fromEntries(cookies)).toEqual({ a: ['1'], b: ['two'], c: ['3'], d: [''] });
    expect(
      readCookie('theme=dark; __Host-portcullis_session=abc.def', '__Host-portcullis_session'),
    ).toBe('abc.def');
    expect(readCookie('theme=dark', '__Host-portcullis_session')).toBeNull();
    expect(readCookie(null, 'x')).toBeNull();
  });

  it('skips malformed pairs instead of guessing', () => {
    const cookies = parseCookieHeader(
      'novalue; =anon; bad name=1; x=has space; y=a"b; z=ok; w=a,b; v=\u00e9',
    );
    expect(Object.fromEntries(cookies)).toEqual({ z: ['ok'] });
  });

  it('refuses a cookie sent twice with different values (cookie tossing)', () => {
    expect(
      readCookie(
        '__Host-portcullis_session=attacker; __Host-portcullis_session=victim',
        '__Host-portcullis_session',
      ),
    ).toBeNull();
    expect(
      readCookie(
        '__Host-portcullis_session=same; __Host-portcullis_session=same',
        '__Host-portcullis_session',
      ),
    ).toBe('same');
  });

  it('is case-sensitive on names, so a look-alike is not our cookie', () => {
    expect(readCookie('Portcullis_Session=x', '__Host-portcullis_session')).toBeNull();
  });

  it('never throws, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        const value = readCookie(header, '__Host-portcullis_session');
        if (value !== null) expect(value).toMatch(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/);
      }),
    );
  });
});

describe('serializeCookie', () => {
  it('writes the attributes in order', () => {
    expect(
      serializeCookie('n', 'v', {
        maxAge: 60,
        domain: 'example.com',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
      }),
    ).toBe('n=v; Max-Age=60; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax');
    expect(serializeCookie('n', 'v', { maxAge: -5 })).toBe('n=v; Max-Age=0');
  });

  it('refuses values, names, domains and paths that would inject attributes or headers', () => {
    expect(() => serializeCookie('n', 'x; Domain=evil.test')).toThrow(TypeError);
    expect(() => serializeCookie('n', 'x\r\nSet-Cookie: a=b')).toThrow(TypeError);
    expect(() => serializeCookie('n', 'a,b')).toThrow(TypeError);
    expect(() => serializeCookie('n;x', 'v')).toThrow(ConfigError);
    expect(() => serializeCookie('n', 'v', { domain: 'example.com; Secure' })).toThrow(ConfigError);
    expect(() => serializeCookie('n', 'v', { path: '/; HttpOnly' })).toThrow(ConfigError);
  });
});

describe('session cookie settings', () => {
  it('defaults to a host-only secure cookie named __Host-portcullis_session (plain name without Secure or with a Domain)', () => {
    const settings = sessionCookieSettings();
    expect(settings).toEqual({
      name: '__Host-portcullis_session',
      secure: true,
      domain: undefined,
    });
    const now = new Date('2026-01-01T00:00:00Z');
    expect(sessionCookie(settings, 'tok', new Date(now.getTime() + 3_600_500), now)).toBe(
      '__Host-portcullis_session=tok; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax',
    );
    // With a Domain or without Secure the prefix is not allowed, so the plain name is used.
    expect(clearSessionCookie(sessionCookieSettings({ domain: 'example.com' }))).toBe(
      'portcullis_session=; Max-Age=0; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax',
    );
    expect(sessionCookieSettings({ secure: false }).name).toBe('portcullis_session');
  });

  it('enforces the __Host- and __Secure- prefix rules and valid names', () => {
    expect(sessionCookieSettings({ name: '__Host-session' }).name).toBe('__Host-session');
    expect(() => sessionCookieSettings({ name: '__Host-session', secure: false })).toThrow(
      ConfigError,
    );
    expect(() => sessionCookieSettings({ name: '__Host-session', domain: 'example.com' })).toThrow(
      ConfigError,
    );
    expect(() => sessionCookieSettings({ name: '__Secure-s', secure: false })).toThrow(ConfigError);
    expect(() => sessionCookieSettings({ name: 'a b' })).toThrow(ConfigError);
    expect(() => sessionCookieSettings({ domain: 'evil.test; Path=/' })).toThrow(ConfigError);
  });
});

describe('cookies on the wire', () => {
  it('does not accept a session token smuggled in another cookie or with extra attributes', async () => {
    const h = httpHarness();
    const user = await h.cookieUser();
    for (const cookie of [
      `other=${user.token}`,
      `__Host-portcullis_session=${user.token}; __Host-portcullis_session=${user.token}x`,
      `__Host-portcullis_session="${user.token}; Path=/"`,
      `__Host-portcullis_session=${user.token.slice(0, -1)}`,
      `__Host-portcullis_session ${user.token}`,
    ]) {
      const response = await h.send({ path: '/me', headers: { cookie } });
      expect([response.status, errorCode(response)], cookie).toEqual([401, 'unauthenticated']);
    }
    expect(
      (await h.send({ path: '/me', headers: { cookie: `theme=x; ${user.cookie}; lang=en` } }))
        .status,
    ).toBe(200);
  });
});
