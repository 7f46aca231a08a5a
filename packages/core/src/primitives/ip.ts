/**
 * Strict IP address parsing for client-address decisions. Only the plain textual forms are
 * accepted (dotted-quad IPv4 without leading zeros, RFC 4291 §2.2 IPv6), never the exotic
 * forms `inet_aton` or URL hosts accept (`0x7f.1`, `017.0.0.1`), so two spellings cannot
 * name one address and slip past a comparison.
 */

export interface ParsedIp {
  readonly version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  readonly bytes: Uint8Array;
  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
  readonly text: string;
}

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
/** An IPv6 zone identifier (RFC 4007 §11), as Node reports for link-local peers. */
const ZONE = /%[A-Za-z0-9._~-]{1,64}$/;
/** Longer than any textual address with a zone: refused before any work. */
const MAX_LENGTH = 128;

function ipv4Bytes(text: string): Uint8Array | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  return Uint8Array.from(match.slice(1, 5), Number);
}

function groupsOf(part: string): number[] | null {
  if (part === '') return [];
  const groups: number[] = [];
  const pieces = part.split(':');
  for (const [index, piece] of pieces.entries()) {
    if (index === pieces.length - 1 && piece.includes('.')) {
      const v4 = ipv4Bytes(piece);
      if (!v4) return null;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (HEX_GROUP.test(piece)) {
      groups.push(Number.parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function ipv6Bytes(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const explicit = head.length + tail.length;
  // `::` stands for at least one zero group (RFC 4291 §2.2), so at most 7 explicit groups.
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) return null;
  const groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function ipv6Text(bytes: Uint8Array): string {
  const groups = Array.from(
    { length: 8 },
    (_, i) => ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0),
  );
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  return bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Parses an IPv4 or IPv6 address, or returns `null`. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2), which dual-stack sockets report for IPv4 peers,
 * becomes the IPv4 address it carries, so allowlists and logs see one form. A zone
 * identifier is dropped.
 */
export function parseIp(input: string): ParsedIp | null {
  if (input.length === 0 || input.length > MAX_LENGTH) return null;
  const v4 = ipv4Bytes(input);
  if (v4) return { version: 4, bytes: v4, text: input };
  if (!input.includes(':')) return null;
  const bytes = ipv6Bytes(input.replace(ZONE, ''));
  if (!bytes) return null;
  if (isV4Mapped(bytes)) {
    const mapped = bytes.slice(12);
    return { version: 4, bytes: mapped, text: mapped.join('.') };
  }
  return { version: 6, bytes, text: ipv6Text(bytes) };
}

/** A parsed address range: the first `prefix` bits of `bytes`. */
export interface IpRange {
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

/** Parses `address` or `address/prefix` (CIDR), or returns `null`. */
export function parseIpRange(input: string): IpRange | null {
  const [address = '', prefixText, ...rest] = input.split('/');
  if (rest.length > 0) return null;
  const ip = parseIp(address);
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { version: ip.version, bytes: ip.bytes, prefix: max };
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null;
  // A mapped IPv6 range (`::ffff:10.0.0.0/104`) is re-based onto the IPv4 address it became.
  const mappedOffset = ip.version === 4 && address.includes(':') ? 96 : 0;
  // Decimal digits only: `Number('')` is 0, and `/` alone must not widen to every address.
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return null;
  const prefix = Number(prefixText) - mappedOffset;
  if (prefix < 0 || prefix > max) return null;
  return { version: ip.version, bytes: ip.bytes, prefix };
}

/** Whether `ip` lies in `range`. */
export function ipInRange(ip: ParsedIp, range: IpRange): boolean {
  if (ip.version !== range.version) return false;
  const fullBytes = Math.floor(range.prefix / 8);
  for (let i = 0; i < fullBytes; i++) if (ip.bytes[i] !== range.bytes[i]) return false;
  const remainder = range.prefix % 8;
  if (remainder === 0) return true;
  const mask = (0xff << (8 - remainder)) & 0xff;
  return ((ip.bytes[fullBytes] ?? 0) & mask) === ((range.bytes[fullBytes] ?? 0) & mask);
}

/**
 * The text a client address is counted under: an IPv4 address as is, an IPv6 address cut
 * to its first `ipv6PrefixLength` bits (`2001:db8:1:2::/64`). One IPv6 subscriber usually
 * holds a whole /64 (RFC 6177 §3 recommends /56 or /48 per site), so counting each of its
 * 2⁶⁴ addresses alone would give an attacker as many buckets as they care to use.
 * Unparseable input is returned unchanged, counted under exactly that text.
 */
export function ipBucket(input: string, ipv6PrefixLength: number): string {
  const ip = parseIp(input);
  if (!ip) return input;
  if (ip.version === 4) return ip.text;
  const bytes = new Uint8Array(16);
  const fullBytes = Math.floor(ipv6PrefixLength / 8);
  bytes.set(ip.bytes.subarray(0, fullBytes));
  const remainder = ipv6PrefixLength % 8;
  if (remainder !== 0)
    bytes[fullBytes] = (ip.bytes[fullBytes] ?? 0) & ((0xff << (8 - remainder)) & 0xff);
  return `${ipv6Text(bytes)}/${ipv6PrefixLength}`;
}
