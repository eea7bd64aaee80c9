import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';

export interface DeadLetterSource {
  topic: string;
  partition: number;
  message: KafkaMessage;
  error: Error;
  consumer: string;
}

/** Sends a message that cannot be processed to the DLQ with its original key, value and headers. */
export async function sendToDeadLetter(producer: Producer, dlqTopic: string, source: DeadLetterSource) {
  const headers: IHeaders = {
    ...source.message.headers,
    dlq_error: `${source.error.name}: ${source.error.message}`.slice(0, 2_000),
    dlq_source_topic: source.topic,
    dlq_source_partition: String(source.partition),
    dlq_source_offset: source.message.offset,
    dlq_consumer: source.consumer,
    dlq_failed_at: new Date().toISOString(),
  };
  await producer.send({
    topic: dlqTopic,
    acks: -1,
    messages: [{ key: source.message.key, value: source.message.value, headers }],
  });
}
