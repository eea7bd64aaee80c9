export * from './erased-value.js';
export * from './key-encryption-keys.js';
export * from './data-key-store.js';
export * from './personal-data-codec.js';
export * from './privacy.module.js';
export * from './open-personal-data.js';
