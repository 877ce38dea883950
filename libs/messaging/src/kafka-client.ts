import {
  Kafka,
  logLevel,
  Partitioners,
  type LogEntry,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';

export interface KafkaClientOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** Receives kafkajs' own log lines; defaults to silence below warnings. */
  readonly log?: (
    level: 'error' | 'warn' | 'info' | 'debug',
    message: string,
    extra: object,
  ) => void;
}

const LEVELS = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
} as const;

/** Creates the kafkajs client every ZoneLedger process uses; the only place kafkajs is configured. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const name = LEVELS[level as keyof typeof LEVELS] ?? 'info';
        if (options.log) options.log(name, message, extra);
        else if (level <= logLevel.WARN) process.stderr.write(`[kafkajs ${name}] ${message}\n`);
      },
  });
}

/** A producer that waits for every in-sync replica and keys to partitions as the Java client does. */
export function createProducer(kafka: Kafka, config: ProducerConfig = {}): Producer {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    ...config,
  });
}

/** Resolves true when the cluster answers a metadata request within the deadline. */
export async function kafkaAnswers(kafka: Kafka, timeoutMs = 3000): Promise<boolean> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = (async () => {
    await admin.connect();
    await admin.describeCluster();
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
