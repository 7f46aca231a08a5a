export { createHonoApp } from './app.ts';
export type { RunningExample, StartOptions } from './server.ts';
export { startHonoExample } from './server.ts';
