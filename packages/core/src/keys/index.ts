export type { DerivedKeys } from './derive.ts';
export { deriveKeys } from './derive.ts';
export { deriveSubkey } from './subkey.ts';
