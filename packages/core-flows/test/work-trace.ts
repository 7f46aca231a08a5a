/**
 * A trace of the work a flow does that response time can feel: every repository call, as
 * `repo.method`, and every WebCrypto MAC or digest, in order. Enumeration tests compare
 * the trace of a request about an account with one about an unknown address: different
 * traces are a timing oracle before any clock is read.
 */
import type { Repositories } from '@portcullis/core';
import { vi } from 'vitest';

export interface WorkTrace {
  /** `repos`, each call recorded as it starts. */
  readonly repos: Repositories;
  /** The trace of what runs inside `fn`. */
  during(fn: () => Promise<unknown>): Promise<string[]>;
}

export function traceWork(inner: Repositories): WorkTrace {
  let trace: string[] | null = null;
  const record = (step: string) => trace?.push(step);
  const wrap = <Repo extends object>(name: string, repo: Repo): Repo =>
    new Proxy(repo, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          record(`${name}.${String(property)}`);
          return Reflect.apply(value, target, args);
        };
      },
    });
  const repos = Object.fromEntries(
    Object.entries(inner).map(([name, repo]) => [name, wrap(name, repo as object)]),
  ) as unknown as Repositories;
  return {
    repos,
    async during(fn) {
      const subtle = globalThis.crypto.subtle;
      const sign = subtle.sign.bind(subtle);
      const digest = subtle.digest.bind(subtle);
      const spies = [
        vi.spyOn(subtle, 'sign').mockImplementation((...args) => {
          record('crypto.sign');
          return sign(...args);
        }),
        vi.spyOn(subtle, 'digest').mockImplementation((...args) => {
          record('crypto.digest');
          return digest(...args);
        }),
      ];
      trace = [];
      try {
        await fn();
        return trace;
      } finally {
        trace = null;
        for (const spy of spies) spy.mockRestore();
      }
    },
  };
}
