/**
 * What the store needs from a Redis client: run a Lua script by its SHA-1, and by its
 * text when the server has not cached it yet. An ioredis `Redis` or `Cluster` fits, and
 * so does any client offering the same two calls, so ioredis is not a hard dependency.
 * Arguments arrive as strings; the reply is whatever the script returned.
 */
export interface RedisScriptClient {
  evalsha(sha1: string, numKeys: number, ...args: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}
