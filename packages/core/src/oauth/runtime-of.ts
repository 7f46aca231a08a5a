import type { AuthDeps } from '../deps.ts';
import { ConfigError } from '../errors.ts';
import type { OAuthRuntime } from './runtime.ts';

/** The configured OAuth runtime, or `ConfigError` when `createAuth` got no `oauth` option. */
export function oauthRuntime(deps: Pick<AuthDeps, 'oauth'>): OAuthRuntime {
  if (deps.oauth === null) {
    throw new ConfigError('OAuth is not configured: pass createAuth({ oauth: { providers } })');
  }
  return deps.oauth;
}
