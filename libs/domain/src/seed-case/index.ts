export * from './seed-case.js';
export * from './seed-case-events.js';
