export * from './shared/actor.js';
export * from './shared/domain-errors.js';
export * from './shared/event-definition.js';
export * from './case/vocabulary.js';
export * from './case/case-events.js';
export * from './case/case-commands.js';
export * from './case/case-state.js';
export * from './case/case-decider.js';
