export * from './topics.js';
export * from './cloud-event-codec.js';
export * from './kafka.module.js';
export * from './dead-letter.js';
