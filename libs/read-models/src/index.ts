export * from './projection.js';
export * from './projection-writer.js';
export * from './case-status.projection.js';
