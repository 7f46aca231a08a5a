/** The conformance suite: cases built from an injected target, a runner, and a report. */
export { mintHash } from './cases/cross-runtime.ts';
export type { Case } from './registry.ts';
export type { Report } from './run.ts';
export { formatReport, runCases } from './run.ts';
export { conformanceSuite } from './suite.ts';
export type { ConformanceTarget, MintedHash } from './target.ts';
