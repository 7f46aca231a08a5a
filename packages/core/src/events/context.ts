import type { RequestContext } from './types.ts';

/** Longer values are cut: they are informational, and unbounded input is a DoS vector. */
const MAX_IP = 64;
const MAX_USER_AGENT = 512;
const MAX_ACTOR = 128;
/** C0/C1 controls (NUL included): they break log lines and some databases refuse them. */
const CONTROL = /\p{Cc}/gu;

function clean(value: string | null | undefined, max: number): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(CONTROL, '').slice(0, max);
  return cleaned === '' ? null : cleaned;
}

/**
 * The request context as stored on sessions and audit events: controls removed, lengths
 * capped. Context is descriptive (it comes from headers the client controls), so it is
 * cleaned rather than refused.
 */
export function cleanContext(context: RequestContext | undefined): {
  ip: string | null;
  userAgent: string | null;
} {
  return { ip: clean(context?.ip, MAX_IP), userAgent: clean(context?.userAgent, MAX_USER_AGENT) };
}

/** The acting operator's id as recorded on an event, cleaned like the rest of the context. */
export function cleanActor(context: RequestContext | undefined): { actorId?: string } {
  const actorId = clean(context?.actorId, MAX_ACTOR);
  return actorId === null ? {} : { actorId };
}
