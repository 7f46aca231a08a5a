import { ConfigError, ipInRange, parseIp, parseIpRange } from '@portcullis/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.ts';
import { httpHarness, request } from './test-support/harness.ts';

const ip = (remoteAddress: string, xff: string | null, trusted: readonly string[]) =>
  clientIp(
    request({ path: '/', remoteAddress, headers: xff === null ? {} : { 'x-forwarded-for': xff } }),
    trusted,
  );

describe('parseIp', () => {
  it('accepts canonical IPv4 and IPv6, canonicalising IPv6 per RFC 5952', () => {
    expect(parseIp('192.0.2.1')?.text).toBe('192.0.2.1');
    expect(parseIp('2001:DB8:0:0:0:0:0:1')?.text).toBe('2001:db8::1');
    expect(parseIp('2001:db8:0:0:1:0:0:1')?.text).toBe('2001:db8::1:0:0:1');
    expect(parseIp('::')?.text).toBe('::');
    expect(parseIp('::1')?.text).toBe('::1');
    expect(parseIp('fe80::1%eth0')?.text).toBe('fe80::1');
  });

  it('turns IPv4-mapped IPv6 into IPv4', () => {
    expect(parseIp('::ffff:198.51.100.4')).toMatchObject({ version: 4, text: '198.51.100.4' });
    expect(parseIp('::FFFF:c633:6404')).toMatchObject({ version: 4, text: '198.51.100.4' });
  });

  it('refuses ambiguous and non-address spellings', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '256.1.1.1',
      '0x7f.0.0.1',
      '1.2.3.4 ',
      ' 1.2.3.4',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':::',
      '12345::1',
      'unknown',
      'localhost',
      '::ffff:1.2.3.256',
      `1.1.1.1${'0'.repeat(200)}`,
    ]) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });

  it('round-trips every generated address and never throws on junk', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(parseIp(address)?.text).toBe(address);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const parsed = parseIp(address);
        expect(parsed).not.toBeNull();
        expect(parseIp(parsed?.text ?? '')?.bytes).toEqual(parsed?.bytes);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (junk) => {
        parseIp(junk);
      }),
    );
  });

  it('matches CIDR ranges on bit boundaries', () => {
    const range = parseIpRange('10.1.0.0/15');
    const inRange = (address: string) => ipInRange(parseIp(address) ?? fail(), range ?? fail());
    expect(inRange('10.1.255.255')).toBe(true);
    expect(inRange('10.0.255.255')).toBe(true);
    expect(inRange('10.2.0.0')).toBe(false);
    expect(
      ipInRange(parseIp('2001:db8::5') ?? fail(), parseIpRange('2001:db8::/32') ?? fail()),
    ).toBe(true);
    expect(
      ipInRange(parseIp('2001:db9::5') ?? fail(), parseIpRange('2001:db8::/32') ?? fail()),
    ).toBe(false);
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', '::/129']) {
      expect(parseIpRange(bad), bad).toBeNull();
    }
  });
});

function fail(): never {
  throw new Error('unexpected null');
}

describe('clientIp', () => {
  it('ignores X-Forwarded-For from an untrusted peer (spoofing)', () => {
    expect(ip('203.0.113.9', '1.1.1.1', [])).toBe('203.0.113.9');
    expect(ip('203.0.113.9', '1.1.1.1', ['10.0.0.1'])).toBe('203.0.113.9');
  });

  it('takes the rightmost non-proxy entry when the peer is a trusted proxy', () => {
    // The client claimed 6.6.6.6; the proxy appended the address it really saw.
    expect(ip('10.0.0.1', '6.6.6.6, 198.51.100.20', ['10.0.0.1'])).toBe('198.51.100.20');
    expect(ip('10.0.0.1', '6.6.6.6, 198.51.100.20, 10.0.0.2', ['10.0.0.0/8'])).toBe(
      '198.51.100.20',
    );
    expect(ip('10.0.0.1', null, ['10.0.0.1'])).toBe('10.0.0.1');
  });

  it('stops at the last trusted hop when an entry is not an address', () => {
    expect(ip('10.0.0.1', '198.51.100.20, garbage', ['10.0.0.1'])).toBe('10.0.0.1');
    expect(ip('10.0.0.1', '198.51.100.20, 10.0.0.2, unknown, 10.0.0.3', ['10.0.0.0/8'])).toBe(
      '10.0.0.3',
    );
    expect(ip('10.0.0.1', '', ['10.0.0.1'])).toBe('10.0.0.1');
  });

  it('answers the leftmost entry when every hop is a trusted proxy', () => {
    expect(ip('10.0.0.1', '10.0.0.3, 10.0.0.2', ['10.0.0.0/8'])).toBe('10.0.0.3');
  });

  it('reads ports and brackets, and normalises mapped and IPv6 peers', () => {
    expect(ip('10.0.0.1', '198.51.100.20:5123', ['10.0.0.1'])).toBe('198.51.100.20');
    expect(ip('10.0.0.1', '[2001:DB8::7]:443', ['10.0.0.1'])).toBe('2001:db8::7');
    expect(ip('::ffff:10.0.0.1', '198.51.100.20', ['10.0.0.1'])).toBe('198.51.100.20');
    expect(ip('::ffff:203.0.113.9', '1.1.1.1', [])).toBe('203.0.113.9');
    expect(ip('2001:0db8:0000::0001', null, [])).toBe('2001:db8::1');
  });

  it('answers undefined for an unknown peer and refuses invalid trustedProxies', () => {
    expect(clientIp(request({ path: '/', headers: {} }), [])).toBeDefined();
    expect(clientIp({ ...request({ path: '/' }), remoteAddress: undefined }, [])).toBeUndefined();
    expect(() => ip('10.0.0.1', null, ['10.0.0.300'])).toThrow(ConfigError);
    expect(() => httpHarness({ http: { trustedProxies: ['proxy.internal'] } })).toThrow(
      ConfigError,
    );
  });

  it('stores the resolved client address on the session, not a spoofed header', async () => {
    const h = httpHarness({ http: { trustedProxies: ['10.0.0.1'] } });
    const user = await h.verifiedUser();
    const body = { email: user.email, password: user.password };
    const spoofed = await h.send({
      method: 'POST',
      path: '/sign-in',
      body,
      remoteAddress: '203.0.113.50',
      headers: { 'x-forwarded-for': '1.2.3.4', 'user-agent': 'Test/1.0' },
    });
    expect(spoofed.body).toMatchObject({ session: { ip: '203.0.113.50', userAgent: 'Test/1.0' } });
    const proxied = await h.send({
      method: 'POST',
      path: '/sign-in',
      body,
      remoteAddress: '::ffff:10.0.0.1',
      headers: { 'x-forwarded-for': '1.2.3.4, 198.51.100.77' },
    });
    expect(proxied.body).toMatchObject({ session: { ip: '198.51.100.77' } });
  });
});
