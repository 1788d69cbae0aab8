/**
 * Stable error codes. Each edge maps a code to its own outcome once: an HTTP status for
 * webhooks, a flow attribute for contact flows, retry or drop for the relay.
 */
export type ErrorCode =
  | "INVALID_INPUT"
  | "INVALID_PHONE_NUMBER"
  | "ANONYMOUS_CALLER"
  | "INVALID_CONFIG"
  | "ILLEGAL_TRANSITION"
  | "CONFLICT"
  | "DUPLICATE"
  | "NOT_FOUND"
  | "SIGNATURE_INVALID"
  | "CHANNEL_REJECTED"
  | "DEPENDENCY_FAILED"
  | "TIMEOUT";

export interface DeflectErrorOptions {
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The one base error of the product: every failure the core names carries a stable code. */
export class DeflectError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: DeflectErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Input from outside failed validation; `details.issues` lists what and where. */
export class InvalidInputError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("INVALID_INPUT", message, options);
  }
}

export class InvalidPhoneNumberError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("INVALID_PHONE_NUMBER", message, options);
  }
}

/** The caller withheld their number, so no channel keyed to it can reach them. */
export class AnonymousCallerError extends DeflectError {
  constructor(options: DeflectErrorOptions = {}) {
    super("ANONYMOUS_CALLER", "the caller's number is withheld or anonymous", options);
  }
}

/** Configuration was rejected; the message names the offending key. */
export class InvalidConfigError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("INVALID_CONFIG", message, options);
  }
}

export class IllegalTransitionError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("ILLEGAL_TRANSITION", message, options);
  }
}

/** Another writer changed the record first (optimistic concurrency lost the race). */
export class ConflictError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("CONFLICT", message, options);
  }
}

export class NotFoundError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("NOT_FOUND", message, options);
  }
}

export class SignatureInvalidError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("SIGNATURE_INVALID", message, options);
  }
}

/** A platform refused a message for a reason that retrying will not fix. */
export class ChannelRejectedError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("CHANNEL_REJECTED", message, options);
  }
}

/** A dependency (AWS, a platform) failed after bounded retries. */
export class DependencyFailedError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("DEPENDENCY_FAILED", message, options);
  }
}

/**
 * Connect will not open another chat now: the instance is at its limit of active chats. A
 * retry succeeds once a chat ends.
 */
export class ChatCapacityError extends DependencyFailedError {}

/**
 * The chat refused a customer's message: it has ended, though the session may not say so
 * yet (the relay records a chat's end when Connect reports it). A retry finds the session
 * ended and opens the chat that continues it.
 */
export class ChatClosedError extends DependencyFailedError {}

export class TimeoutError extends DeflectError {
  constructor(message: string, options: DeflectErrorOptions = {}) {
    super("TIMEOUT", message, options);
  }
}

export function isDeflectError(value: unknown): value is DeflectError {
  return value instanceof DeflectError;
}
