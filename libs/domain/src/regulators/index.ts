export * from './regulator-definition.js';
export * from './default-regulators.js';
export * from './deadline-arithmetic.js';
export * from './clock-facts.js';
export * from './deadline-engine.js';
export * from './regulator-validation.js';
export * from './notifiability.js';
