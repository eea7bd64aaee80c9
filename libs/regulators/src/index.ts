export * from './regulator-registry.js';
export * from './regulator-cloud-event.js';
export * from './webhook-deliveries.repository.js';
