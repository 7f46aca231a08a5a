export type { RunningExample, StartOptions } from '@portcullis/example-shared';
export { createHonoApp } from './app.ts';
export { startHonoExample } from './server.ts';
