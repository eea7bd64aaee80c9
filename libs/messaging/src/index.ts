export * from './topics.js';
export * from './cloud-event-codec.js';
export * from './kafka.module.js';
export * from './dead-letter.js';
export * from './topic-reader.js';
export * from './dead-letter-store.js';
export * from './ledger-checkpoint-message.js';
