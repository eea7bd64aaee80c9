export * from './stored-event.js';
export * from './event-codec.js';
export * from './event-store-errors.js';
export * from './upcaster.js';
export * from './event-store.js';
export * from './state-cache.js';
export * from './decide-and-append.js';
export * from './event-store.module.js';
