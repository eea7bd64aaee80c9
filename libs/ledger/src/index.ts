export * from './canonical-json.js';
export * from './commit-chain.js';
export * from './merkle.js';
export * from './checkpoint.js';
export * from './evidence-bundle.js';
export * from './verify-evidence.js';
