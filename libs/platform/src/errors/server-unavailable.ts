import kafkajs from 'kafkajs';
import { MongoBulkWriteError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';

// kafkajs is CommonJS and exposes its error classes only on the default export.
const { KafkaJSError } = kafkajs;

/**
 * A backing server (MongoDB or Kafka) cannot be reached: retry later, it says nothing about the request or event.
 * mongodb 7.9 lets a socket error raised while waiting for 'drain' escape unwrapped (EPIPE once the server is gone),
 * and wraps a bulk write's driver error (no server to select, say) in a MongoBulkWriteError without write errors.
 */
export const isServerUnavailable = (error: unknown): boolean =>
  (error instanceof MongoBulkWriteError && isServerUnavailable(error.errorResponse)) ||
  error instanceof MongoServerSelectionError ||
  error instanceof MongoNetworkError ||
  error instanceof KafkaJSError ||
  ['EPIPE', 'ECONNRESET'].includes((error as NodeJS.ErrnoException | null)?.code ?? '');
