export type { RunningExample, StartOptions } from '@portcullis/example-shared';
export { createExpressApp } from './app.ts';
export { startExpressExample } from './server.ts';
