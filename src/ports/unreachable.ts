/**
 * A backing service (PostgreSQL, RabbitMQ) cannot be reached at start-up. The message names the address and what to
 * check, so a host prints it as it is: a stack trace would add nothing the operator can act on.
 */
export class ServiceUnreachableError extends Error {}
