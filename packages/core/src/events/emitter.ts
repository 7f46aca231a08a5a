import type { AuditEventSink } from '../repos.ts';
import { cleanActor, cleanContext } from './context.ts';
import type { AuthEvent, RequestContext } from './types.ts';

/** Emits audit events on behalf of core functions. Never throws and never rejects. */
export interface EventEmitter {
  emit(event: AuthEvent): Promise<void>;
}

/** Receives a sink failure. It must not throw; if it does, that is swallowed too. */
export type SinkFailureHandler = (error: unknown, event: AuthEvent) => void;

/**
 * Wraps sinks so a failing audit pipeline can never break an auth flow: a sink that throws
 * or rejects is reported to `onFailure` and the flow continues. Sinks run one after another
 * in the order given.
 */
export function safeEmitter(
  sinks: readonly AuditEventSink[],
  onFailure: SinkFailureHandler = () => {},
): EventEmitter {
  return {
    async emit(event) {
      for (const sink of sinks) {
        try {
          await sink.record(event);
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
