import { describe, expect, it } from 'vitest';
import { DevMailbox, mailboxJson, mailLink } from '../src/mailbox.ts';
import { escapeHtml, renderMailboxPage } from '../src/mailbox-page.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

function clock() {
  let seconds = 0;
  return () => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds++));
}

describe('DevMailbox', () => {
  it('keeps mails newest first with the code, token and a link into the app', async () => {
    const mailbox = new DevMailbox({ linkBase: 'http://localhost:3000/', now: clock() });
    await mailbox.send({
      type: 'email_verification_code',
      to: 'a@example.test',
      userId: 'u1',
      code: '123456',
      expiresAt: new Date(),
    });
    await mailbox.send({
      type: 'password_reset',
      to: 'b@example.test',
      userId: 'u2',
      token: TOKEN,
      expiresAt: new Date(),
    });
    await mailbox.send({
      type: 'email_verification_link',
      to: 'c@example.test',
      userId: 'u3',
      token: TOKEN,
      expiresAt: new Date(),
    });
    await mailbox.send({ type: 'account_exists', to: 'd@example.test', userId: 'u4' });

    const [exists, link, reset, code] = await mailbox.settled();
    expect(exists).toMatchObject({ to: 'd@example.test', type: 'account_exists' });
    expect(exists).not.toHaveProperty('link');
    expect(link).toMatchObject({
      token: TOKEN,
      link: `http://localhost:3000/#verify-email=${TOKEN}`,
    });
    expect(reset).toMatchObject({
      to: 'b@example.test',
      token: TOKEN,
      link: `http://localhost:3000/#reset-password=${TOKEN}`,
    });
    expect(code).toMatchObject({ to: 'a@example.test', code: '123456' });
    expect(code).not.toHaveProperty('token');
    expect(mailboxJson(await mailbox.settled()).mails.map((mail) => mail.sentAt)).toEqual([
      '2026-01-01T00:00:03.000Z',
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('is bounded: the oldest mails are dropped', async () => {
    const mailbox = new DevMailbox({ linkBase: 'http://localhost:3000', capacity: 3 });
    for (let index = 0; index < 10; index++) {
      await mailbox.send({ type: 'account_exists', to: `${index}@example.test`, userId: 'u' });
    }
    expect((await mailbox.settled()).map((mail) => mail.to)).toEqual([
      '9@example.test',
      '8@example.test',
      '7@example.test',
    ]);
    expect(() => new DevMailbox({ linkBase: 'http://x.test', capacity: 0 })).toThrow(RangeError);
  });

  it('builds links on the app origin only, dropping any path from the base', () => {
    expect(mailLink('https://app.example/some/path?q=1', 'reset-password', TOKEN)).toBe(
      `https://app.example/#reset-password=${TOKEN}`,
    );
  });
});

describe('renderMailboxPage', () => {
  const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>\'@evil.test';

  it('escapes every value, including a hostile address, subject, code and link', () => {
    const html = renderMailboxPage([
      {
        to: hostile,
        type: 'email_verification_code',
        subject: '<b onmouseover=alert(3)>',
        code: '<svg onload=alert(4)>',
        link: `https://app.example/#x="><script>alert(5)</script>`,
        sentAt: new Date(0),
      },
    ]);
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img /);
    expect(html).not.toMatch(/<svg /);
    expect(html).not.toMatch(/<b onmouseover/);
    expect(html).toContain(`data-to="${escapeHtml(hostile)}"`);
    expect(html).toContain('&lt;svg onload=alert(4)&gt;');
    // The only quotes left inside the attribute are the escaped ones.
    const attribute = html.match(/data-to="([^"]*)"/)?.[1];
    expect(attribute).toBe(escapeHtml(hostile));
  });

  it('never turns a non-http link into an href', () => {
    const html = renderMailboxPage([
      {
        to: 'a@example.test',
        type: 'password_reset',
        subject: 'Reset',
        link: 'javascript:alert(1)',
        sentAt: new Date(0),
      },
    ]);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<span data-testid="mail-link">javascript:alert(1)</span>');
  });

  it('marks each mail, code and link with the documented test ids', () => {
    const html = renderMailboxPage([
      {
        to: 'b@example.test',
        type: 'password_reset',
        subject: 'Reset your password',
        token: TOKEN,
        link: `http://localhost:3000/#reset-password=${TOKEN}`,
        sentAt: new Date(0),
      },
      {
        to: 'a@example.test',
        type: 'email_verification_code',
        subject: 'Your verification code',
        code: '654321',
        sentAt: new Date(0),
      },
    ]);
    expect(html.match(/data-testid="mail"/g)).toHaveLength(2);
    expect(html.indexOf('data-to="b@example.test"')).toBeLessThan(
      html.indexOf('data-to="a@example.test"'),
    );
    expect(html).toContain('<code data-testid="mail-code">654321</code>');
    expect(html).toContain(
      `<a data-testid="mail-link" href="http://localhost:3000/#reset-password=${TOKEN}">`,
    );
    expect(renderMailboxPage([])).toContain('data-testid="mailbox-empty"');
  });

  it('escapes all five HTML metacharacters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
