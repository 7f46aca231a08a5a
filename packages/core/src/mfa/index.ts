export type { SecondFactorGate, SecondFactorKind } from './gate.ts';
