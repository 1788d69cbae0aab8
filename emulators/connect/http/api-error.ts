/** The AWS services whose error vocabulary a route speaks. */
export type ServiceName = "connect" | "participant" | "lambda";

// Status codes come from the httpError traits in the SDK schemas (protocols.md §0).
const connectStatus: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  ContactFlowNotPublishedException: 404,
  ContactNotFoundException: 410,
  DuplicateResourceException: 409,
  IdempotencyException: 409,
  InternalServiceException: 500,
  InvalidContactFlowException: 400,
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  LimitExceededException: 429,
  OutboundContactNotPermittedException: 403,
  ResourceConflictException: 409,
  ResourceInUseException: 409,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  TooManyRequestsException: 429,
  UserNotFoundException: 404,
};

const participantStatus: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
};

// Lambda Invoke error traits from @aws-sdk/client-lambda's schema.
const lambdaStatus: Record<string, number> = {
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  RequestTooLargeException: 413,
  ResourceNotFoundException: 404,
  ServiceException: 500,
  TooManyRequestsException: 429,
};

const statusTables: Record<ServiceName, Record<string, number>> = {
  connect: connectStatus,
  participant: participantStatus,
  lambda: lambdaStatus,
};

/** An error the emulator returns on the wire, with the name the SDK will throw. */
export class ApiError extends Error {
  readonly errorName: string;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(errorName: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.errorName = errorName;
    this.extra = extra;
  }

  statusFor(service: ServiceName): number {
    return statusTables[service][this.errorName] ?? 400;
  }
}

/** The error each service reports for a malformed or missing field. */
export function validationErrorName(service: ServiceName): string {
  if (service === "participant") return "ValidationException";
  if (service === "lambda") return "InvalidRequestContentException";
  return "InvalidParameterException";
}

/** The error each service reports for an internal fault. */
export function internalErrorName(service: ServiceName): string {
  if (service === "participant") return "InternalServerException";
  if (service === "lambda") return "ServiceException";
  return "InternalServiceException";
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError("ResourceNotFoundException", `${what} not found: ${id}`, {
    ResourceId: id,
  });
}
