import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { FUNCTION_METRICS } from "../../config/metric-names.ts";
import { type ErrorCode, isDeflectError } from "../../core/errors.ts";
import type { Logger } from "../../core/ports/logger.ts";
import type { FunctionMetrics } from "../shared/function-metrics.ts";

/**
 * The one mapping from error code to HTTP status at the webhook edge. Bad input is always
 * a 4xx; a 5xx only means our side failed, so the platform's retry may succeed.
 */
const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_PHONE_NUMBER: 400,
  ANONYMOUS_CALLER: 400,
  SIGNATURE_INVALID: 403,
  NOT_FOUND: 404,
  DUPLICATE: 200,
  CHANNEL_REJECTED: 422,
  CONFLICT: 503,
  DEPENDENCY_FAILED: 503,
  TIMEOUT: 503,
  ILLEGAL_TRANSITION: 500,
  INVALID_CONFIG: 500,
};

/** The part of the one Logger (core/ports/logger.ts) this edge calls. */
export type ErrorLogger = Pick<Logger, "error">;

/**
 * `{"error":{"code":...}}` with the status for its code; the message is not exposed. A 5xx is
 * our side's failure: logged, and counted as a handled error.
 */
export function errorResponse(
  error: unknown,
  deps: { logger: ErrorLogger; metrics?: FunctionMetrics },
): APIGatewayProxyStructuredResultV2 {
  const code = isDeflectError(error) ? error.code : "INTERNAL";
  let statusCode = isDeflectError(error) ? STATUS_BY_CODE[error.code] : 500;
  // A request with no signature at all is unauthenticated (401); a wrong one is forbidden.
  if (code === "SIGNATURE_INVALID" && isDeflectError(error)) {
    statusCode = error.details.reason === "MISSING_SIGNATURE" ? 401 : 403;
  }
  if (statusCode >= 500) {
    deps.logger.error("webhook failed", { code, error });
    deps.metrics?.addMetric(FUNCTION_METRICS.handledErrors, "Count", 1);
  }
  return {
    statusCode,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: { code } }),
  };
}
