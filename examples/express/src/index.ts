export { createExpressApp } from './app.ts';
export type { RunningExample, StartOptions } from './server.ts';
export { startExpressExample } from './server.ts';
