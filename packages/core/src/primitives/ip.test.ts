import { describe, expect, it } from 'vitest';
import { ipInRange, parseIp, parseIpRange } from './ip.ts';

/** Whether `address` lies in `range`, both parsed strictly (a parse failure fails the test). */
function inRange(address: string, range: string): boolean {
  const ip = parseIp(address);
  const parsed = parseIpRange(range);
  if (!ip || !parsed) throw new Error(`unparseable: ${address} or ${range}`);
  return ipInRange(ip, parsed);
}

describe('CIDR matching (API-key allowlists, trusted proxies)', () => {
  it('IPv4: the first and last address of a range are inside, their neighbours outside', () => {
    expect(inRange('203.0.113.0', '203.0.113.0/24')).toBe(true);
    expect(inRange('203.0.113.255', '203.0.113.0/24')).toBe(true);
    expect(inRange('203.0.112.255', '203.0.113.0/24')).toBe(false);
    expect(inRange('203.0.114.0', '203.0.113.0/24')).toBe(false);
    // A prefix that is not a whole number of bytes: /27 holds .32–.63.
    expect(inRange('198.51.100.32', '198.51.100.40/27')).toBe(true);
    expect(inRange('198.51.100.63', '198.51.100.40/27')).toBe(true);
    expect(inRange('198.51.100.31', '198.51.100.40/27')).toBe(false);
    expect(inRange('198.51.100.64', '198.51.100.40/27')).toBe(false);
  });

  it('IPv4: /32 and a bare address are one address; /0 is all of IPv4 and nothing of IPv6', () => {
    expect(inRange('192.0.2.7', '192.0.2.7/32')).toBe(true);
    expect(inRange('192.0.2.8', '192.0.2.7/32')).toBe(false);
    expect(inRange('192.0.2.7', '192.0.2.7')).toBe(true);
    expect(inRange('192.0.2.8', '192.0.2.7')).toBe(false);
    expect(inRange('255.255.255.255', '0.0.0.0/0')).toBe(true);
    expect(inRange('2001:db8::1', '0.0.0.0/0')).toBe(false);
  });

  it('IPv6: ranges on and off 16-bit group boundaries, /128, /0', () => {
    expect(inRange('2001:db8:ffff:ffff::1', '2001:db8::/32')).toBe(true);
    expect(inRange('2001:db9::', '2001:db8::/32')).toBe(false);
    // /33 splits the third group: 2001:db8:0000–7fff:… inside, 8000–ffff outside.
    expect(inRange('2001:db8:7fff::1', '2001:db8::/33')).toBe(true);
    expect(inRange('2001:db8:8000::1', '2001:db8::/33')).toBe(false);
    expect(inRange('2001:db8::1', '2001:db8::1/128')).toBe(true);
    expect(inRange('2001:db8::2', '2001:db8::1/128')).toBe(false);
    expect(inRange('fe80::1', '::/0')).toBe(true);
    expect(inRange('192.0.2.1', '::/0')).toBe(false);
  });

  it('IPv6 spellings of one address match alike; an IPv4-mapped peer matches IPv4 ranges', () => {
    expect(inRange('2001:DB8:0:0:0:0:0:1', '2001:db8::1/128')).toBe(true);
    expect(inRange('2001:db8::0:1', '2001:db8::1/128')).toBe(true);
    expect(inRange('::ffff:192.0.2.1', '192.0.2.0/24')).toBe(true);
    expect(inRange('192.0.2.1', '::ffff:192.0.2.0/120')).toBe(true);
  });

  it('refuses every prefix that is not plain decimal within the family', () => {
    for (const bad of [
      '10.0.0.0/',
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/08',
      '10.0.0.0/1e1',
      '10.0.0.0/ 8',
      '10.0.0.0/0x8',
      '10.0.0.0/8.0',
      '10.0.0.0/8/8',
      '::/129',
      '::/',
      '010.0.0.0/8',
      '10.0.0/8',
      'example.com/8',
      '',
    ]) {
      expect(parseIpRange(bad), bad).toBeNull();
    }
  });
});
