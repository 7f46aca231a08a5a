export { constantTimeEqual, hmacSha256Hex, importHmacKey, sha256Hex } from './digest.ts';
export { base64url, fromBase64url, hex, utf8 } from './encoding.ts';
export type { IpRange, ParsedIp } from './ip.ts';
export { ipBucket, ipInRange, parseIp, parseIpRange } from './ip.ts';
export type { Clock, RandomSource } from './runtime.ts';
export { cryptoRandom, systemClock } from './runtime.ts';
export { isRandomToken, randomDigits, randomId, randomToken } from './secrets.ts';
export { hasLoneSurrogate } from './text.ts';
