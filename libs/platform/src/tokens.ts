/** Injection token of the service's validated ServiceConfig. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** Injection token of the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');
