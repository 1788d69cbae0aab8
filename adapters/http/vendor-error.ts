import {
  ChannelRejectedError,
  type DeflectError,
  DependencyFailedError,
} from "../../core/errors.ts";

/** A vendor's error answer, as an adapter read it from the vendor's own error body. */
export interface VendorRefusal {
  readonly status: number;
  readonly message: string;
  /**
   * The fault is on our side (a bad token, our quota, a configuration) though the status
   * reads like a refusal, e.g. Graph's code 190 in a 400 or Telegram's 404 for a wrong token.
   */
  readonly ours?: boolean;
  /** Why the platform refused the message, in our words (BLOCKED, OUTSIDE_SERVICE_WINDOW…). */
  readonly reason?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * The adapters' one mapping from a vendor's HTTP answer to the core's codes: throttling, an
 * outage, our own credentials or configuration are DEPENDENCY_FAILED (a later try or a fix on
 * our side helps); any other refusal is CHANNEL_REJECTED with a reason (retrying cannot help).
 */
export function vendorError(refusal: VendorRefusal): DeflectError {
  const { status, message, cause } = refusal;
  const withCause = cause === undefined ? {} : { cause };
  if (refusal.ours || status === 429 || status >= 500 || status === 401 || status < 400) {
    return new DependencyFailedError(message, {
      ...withCause,
      details: { status, ...refusal.details },
    });
  }
  return new ChannelRejectedError(message, {
    ...withCause,
    details: { reason: refusal.reason ?? "REJECTED", status, ...refusal.details },
  });
}
