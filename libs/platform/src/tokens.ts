/** Injection token of the service's validated ServiceConfig. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** Injection token of the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');
/** Injection token of the service's PostgresEventStore (its events table is the outbox). */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** Injection token of the environment the service's configuration was read from. */
export const SERVICE_ENV = Symbol('SERVICE_ENV');
