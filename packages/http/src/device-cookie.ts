/**
 * The device cookie: where a browser keeps the device token the rate limiter issued when it
 * signed in (see `createRateLimiter`'s `issueDeviceToken`). It only decides which bucket a
 * later sign-in or reset request from this browser counts in; it authenticates nothing.
 */
import type { DeviceToken } from '@portcullis/core';
import type { SessionCookieSettings } from './cookies.ts';
import { readCookie, serializeCookie } from './cookies.ts';
import type { HttpRequest } from './types.ts';

/** `__Host-` whenever the session cookie can use it, so a sibling host cannot plant one. */
export function deviceCookieName(settings: SessionCookieSettings): string {
  return settings.secure && settings.domain === undefined
    ? '__Host-portcullis_device'
    : 'portcullis_device';
}

/** The device token the request presents, or `null` (absent, or sent twice with two values). */
export function presentedDeviceToken(req: HttpRequest, settings: SessionCookieSettings) {
  return readCookie(req.headers.get('cookie'), deviceCookieName(settings));
}

/** The `Set-Cookie` that stores `device` until it expires. */
export function deviceCookie(
  settings: SessionCookieSettings,
  device: DeviceToken,
  now: Date,
): string {
  return serializeCookie(deviceCookieName(settings), device.token, {
    maxAge: Math.floor((device.expiresAt.getTime() - now.getTime()) / 1000),
    path: '/',
    httpOnly: true,
    // Only the app's own sign-in and reset requests need it, never a cross-site one.
    sameSite: 'Strict',
    secure: settings.secure,
    ...(settings.domain === undefined ? {} : { domain: settings.domain }),
  });
}
