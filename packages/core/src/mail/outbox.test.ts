import { describe, expect, it } from 'vitest';
import { createMailOutbox } from './outbox.ts';
import type { AuthMail } from './types.ts';

const mail = (to: string): AuthMail => ({ type: 'account_exists', to, userId: 'u1' });

describe('createMailOutbox', () => {
  it('delivers in order, one at a time, after send has returned', async () => {
    const delivered: string[] = [];
    let inFlight = 0;
    const outbox = createMailOutbox({
      deliver: async (m) => {
        inFlight += 1;
        expect(inFlight).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        delivered.push(m.to);
        inFlight -= 1;
      },
    });
    await outbox.send(mail('a@example.com'));
    await outbox.send(mail('b@example.com'));
    expect(delivered).toEqual([]);
    await outbox.idle();
    expect(delivered).toEqual(['a@example.com', 'b@example.com']);
  });

  it('a request does not wait for a slow or stuck delivery', async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const outbox = createMailOutbox({ deliver: () => stuck });
    await outbox.send(mail('a@example.com'));
    await outbox.send(mail('b@example.com'));
    release();
    await outbox.idle();
  });

  it('reports a failed delivery with the mail type only, and keeps delivering', async () => {
    const reported: unknown[] = [];
    const delivered: string[] = [];
    const outbox = createMailOutbox({
      deliver: async (m) => {
        if (m.to === 'bad@example.com') throw new Error('smtp down');
        delivered.push(m.to);
      },
      onError: (error, type) => reported.push([(error as Error).message, type]),
    });
    await outbox.send(mail('bad@example.com'));
    await outbox.send(mail('good@example.com'));
    await outbox.idle();
    expect(reported).toEqual([['smtp down', 'account_exists']]);
    expect(delivered).toEqual(['good@example.com']);
  });

  it('idle also waits for mail queued while it was draining', async () => {
    const delivered: string[] = [];
    const outbox = createMailOutbox({
      deliver: async (m) => {
        delivered.push(m.to);
        if (m.to === 'first@example.com') await outbox.send(mail('second@example.com'));
      },
    });
    await outbox.send(mail('first@example.com'));
    await outbox.idle();
    expect(delivered).toEqual(['first@example.com', 'second@example.com']);
  });
});
