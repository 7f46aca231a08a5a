/**
 * The `introspection` section: the resource servers allowed to call token introspection
 * (RFC 7662), each with a client id and secret (RFC 6749 §2.3.1 client credentials).
 */

import { ConfigError } from './errors.ts';
import { utf8 } from './primitives/index.ts';

export interface IntrospectionClientInput {
  /** Printable ASCII without `:` (HTTP Basic splits on the first colon), 1–128 characters. */
  readonly id: string;
  /** At least 32 bytes. */
  readonly secret: string | Uint8Array;
}

export interface IntrospectionConfigInput {
  /** Default none: introspection then refuses every caller. */
  readonly clients?: readonly IntrospectionClientInput[];
}

export interface IntrospectionClient {
  readonly id: string;
  readonly secret: Uint8Array<ArrayBuffer>;
}

export interface IntrospectionConfig {
  readonly clients: readonly IntrospectionClient[];
}

const CLIENT_ID = /^[\x21-\x39\x3b-\x7e]{1,128}$/;

/** Resolves the section; throws `ConfigError` naming a bad client. */
export function resolveIntrospection(
  input: IntrospectionConfigInput | undefined,
): IntrospectionConfig {
  const clients = input?.clients ?? [];
  if (!Array.isArray(clients)) throw new ConfigError('introspection.clients must be a list');
  const seen = new Set<string>();
  return {
    clients: clients.map((client: IntrospectionClientInput, index) => {
      const where = `introspection.clients[${index}]`;
      if (typeof client?.id !== 'string' || !CLIENT_ID.test(client.id))
        throw new ConfigError(`${where}.id must be 1-128 printable ASCII characters without ':'`);
      if (seen.has(client.id)) throw new ConfigError(`${where}.id is listed twice`);
      seen.add(client.id);
      const secret =
        typeof client.secret === 'string'
          ? utf8(client.secret)
          : new Uint8Array(client.secret ?? []);
      if (secret.byteLength < 32)
        throw new ConfigError(`${where}.secret must be at least 32 bytes`);
      return { id: client.id, secret };
    }),
  };
}
