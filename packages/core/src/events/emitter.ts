import type { AuditEventSink } from '../repos.ts';
import { cleanActor, cleanContext } from './context.ts';
import type { AuthEvent, RequestContext } from './types.ts';

/** Emits audit events on behalf of core functions. Never throws and never rejects. */
export interface EventEmitter {
  emit(event: AuthEvent): Promise<void>;
}

/** Receives a sink failure. It must not throw; if it does, that is swallowed too. */
export type SinkFailureHandler = (error: unknown, event: AuthEvent) => void;

/** How long a flow waits for one sink by default (ms). */
export const DEFAULT_SINK_TIMEOUT_MS = 2_000;

/** A sink that did not settle within its time: the flow went on without waiting. */
export class SinkTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The audit sink did not finish within ${timeoutMs} ms`);
    this.name = 'SinkTimeoutError';
  }
}

/**
 * Wraps sinks so a failing audit pipeline can never break an auth flow: a sink that throws
 * or rejects is reported to `onFailure` and the flow continues. A sink that has not settled
 * after `timeoutMs` (a locked table, an unreachable server) is reported as a
 * `SinkTimeoutError` and the flow continues; its write is not cancelled and may still land.
 * Sinks run one after another in the order given.
 */
export function safeEmitter(
  sinks: readonly AuditEventSink[],
  onFailure: SinkFailureHandler = () => {},
  timeoutMs = DEFAULT_SINK_TIMEOUT_MS,
): EventEmitter {
  return {
    async emit(event) {
      for (const sink of sinks) {
        try {
          await withTimeout(
            Promise.resolve().then(() => sink.record(event)),
            timeoutMs,
          );
        } catch (error) {
          try {
            onFailure(error, event);
          } catch {
            // A broken failure handler must not break sign-in either.
          }
        }
      }
    },
  };
}

/** `work`, or a `SinkTimeoutError` rejection once `timeoutMs` has passed first. */
async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SinkTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/** Distributes `Omit` over a union, keeping each member's own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as core functions write it: `at`, `ip` and `userAgent` are filled in by {@link auditEvent}. */
export type EventDraft = DistributiveOmit<AuthEvent, 'at' | 'ip' | 'userAgent' | 'actorId'>;

/** Completes an event draft with the time and request context (and the acting operator). */
export function auditEvent(draft: EventDraft, at: Date, context: RequestContext = {}): AuthEvent {
  return {
    ...draft,
    at,
    ...cleanContext(context),
    ...cleanActor(context),
  } as AuthEvent;
}
