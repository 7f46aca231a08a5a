/**
 * The whole take as one Lua script, so Redis runs it as one indivisible step: no other
 * command touches the bucket between the read and the write, whichever app instance or
 * connection sent it. The steps are core's `takeFromBucket`, operation for operation
 * (Lua numbers are IEEE doubles like JavaScript's, and the same operations in the same
 * order give the same bits):
 *
 * - a missing key is a full bucket;
 * - otherwise refill by the milliseconds since `updated_at_ms`, none if the clock went
 *   backwards, never above the capacity;
 * - take `cost` if that many tokens are there;
 * - write back the tokens and the latest time seen, and expire the key when the bucket
 *   would be full again (a full bucket is the same as no bucket), or delete it if it is
 *   full already.
 *
 * Numbers cross the boundary as `%.17g` strings, which round-trip any double exactly; a
 * bare Lua number would be cut to 14 digits by `tostring`, or to an integer in a reply.
 * The script returns `{ allowed (1 | 0), tokens left }`; the caller derives `remaining`
 * and `retryAfterSeconds` with core's `decisionFor`, so both stores report alike.
 *
 * KEYS[1] the bucket's hash. ARGV: capacity, refillPerSecond, cost, now (ms since epoch).
 */
export const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])

local function finite(x)
  return x ~= nil and x == x and x > -math.huge and x < math.huge
end

local stored = redis.call('HMGET', KEYS[1], 'tokens', 'updated_at_ms')
local available, updated
if stored[1] == false and stored[2] == false then
  available = capacity
  updated = now
else
  local tokens = tonumber(stored[1])
  local updated_at = tonumber(stored[2])
  if not finite(tokens) or not finite(updated_at) then
    return redis.error_reply('PORTCULLIS_CORRUPT the key does not hold a token bucket')
  end
  local elapsed = math.max(0, now - updated_at)
  available = math.min(capacity, tokens + (elapsed / 1000) * refill)
  updated = math.max(now, updated_at)
end

local allowed = available >= cost
local left = available
if allowed then left = available - cost end

-- Milliseconds until full; capped (about 31 700 years) so PEXPIRE never overflows.
local ttl = math.min(math.ceil((capacity - left) / refill * 1000), 1e15)
if ttl >= 1 then
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', left),
    'updated_at_ms', string.format('%.17g', updated))
  redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
else
  redis.call('DEL', KEYS[1])
end

if allowed then
  return { 1, string.format('%.17g', left) }
end
return { 0, string.format('%.17g', left) }
`;
