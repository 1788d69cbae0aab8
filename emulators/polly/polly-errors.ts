import type { Fault } from "../shared-http/fault-injector.ts";
import type { EmulatorResponse } from "../shared-http/http-types.ts";

// Statuses from the httpError traits in @aws-sdk/client-polly dist-es/schemas/schemas_0.js
// (3.1142.0). Note that Polly's model gives ThrottlingException 400, not 429.
const STATUS = {
  EngineNotSupportedException: 400,
  InvalidSampleRateException: 400,
  InvalidSsmlException: 400,
  LanguageNotSupportedException: 400,
  LexiconNotFoundException: 404,
  MarksNotSupportedForFormatException: 400,
  ServiceFailureException: 500,
  SsmlMarksNotSupportedForTextTypeException: 400,
  TextLengthExceededException: 400,
  ThrottlingException: 400,
  ValidationException: 400,
} as const;

export type PollyErrorName = keyof typeof STATUS;

/** An error Polly returns, by the name the SDK throws. */
export class PollyError extends Error {
  readonly errorName: PollyErrorName;

  constructor(errorName: PollyErrorName, message: string) {
    super(message);
    this.name = "PollyError";
    this.errorName = errorName;
  }

  get status(): number {
    return STATUS[this.errorName];
  }
}

/** restJson1: the name in `x-amzn-ErrorType`, the text in the body's `message`. */
export function renderPollyError(error: PollyError, requestId: string): EmulatorResponse {
  const body: Record<string, unknown> = { message: error.message };
  if (error.errorName === "ValidationException") body.reason = "OTHER";
  return {
    status: error.status,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": error.errorName,
      "x-amzn-requestid": requestId,
    },
    body,
  };
}

/** Injected faults: throttling as Polly reports it, anything else as a service failure. */
export function renderPollyFault(fault: Fault): EmulatorResponse {
  const error =
    fault.status === 429 || fault.status === 400
      ? new PollyError("ThrottlingException", "Rate exceeded")
      : new PollyError("ServiceFailureException", "Service failure (injected)");
  const response = renderPollyError(error, "injected-fault");
  const headers: Record<string, string> = { ...response.headers };
  if (fault.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(fault.retryAfterSeconds);
  return { ...response, status: fault.status, headers };
}
