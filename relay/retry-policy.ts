import { type ErrorCode, isDeflectError } from "../core/errors.ts";

/**
 * The relay's one mapping from error code to outcome: retry (SNS redelivers, the claim keeps
 * it exactly once) or drop (retrying cannot fix it; logged once).
 */
const RETRY_BY_CODE: Readonly<Record<ErrorCode, boolean>> = {
  // The chat is not linked to its session yet: resume writes the link right after the start.
  NOT_FOUND: true,
  CONFLICT: true,
  DEPENDENCY_FAILED: true,
  TIMEOUT: true,
  INVALID_INPUT: false,
  INVALID_PHONE_NUMBER: false,
  ANONYMOUS_CALLER: false,
  INVALID_CONFIG: false,
  ILLEGAL_TRANSITION: false,
  DUPLICATE: false,
  SIGNATURE_INVALID: false,
  CHANNEL_REJECTED: false,
};

/** Unknown errors (a DynamoDB throttle, a network reset) are retried. */
export function isRetryable(error: unknown): boolean {
  return isDeflectError(error) ? RETRY_BY_CODE[error.code] : true;
}

export function errorCode(error: unknown): string {
  return isDeflectError(error) ? error.code : "INTERNAL";
}
