// vitest looks for vitest.config.ts; the project list lives in vitest.workspace.ts.
export { default } from './vitest.workspace.ts';
