export type { DerivedKeys } from './derive.ts';
export { deriveKeys } from './derive.ts';
