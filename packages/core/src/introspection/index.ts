export type {
  IntrospectionFailureReason,
  IntrospectionResponse,
  IntrospectTokenDeps,
  IntrospectTokenInput,
  IntrospectTokenResult,
} from './introspect.ts';
export { introspectToken } from './introspect.ts';
