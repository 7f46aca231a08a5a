export type { FlowEnabledInput } from './enabled.ts';
export { isFlowEnabled } from './enabled.ts';
