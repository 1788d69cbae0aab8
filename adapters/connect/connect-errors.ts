import {
  ChatCapacityError,
  ChatClosedError,
  DependencyFailedError,
  InvalidInputError,
} from "../../core/errors.ts";

// Errors that retrying the same request cannot fix (protocols.md §3.3 and §4).
const NOT_RETRYABLE = new Set([
  "InvalidParameterException",
  "InvalidRequestException",
  "ValidationException",
  "IdempotencyException",
  "ResourceNotFoundException",
  "AccessDeniedException",
  "ConflictException",
]);

/** Runs one Connect or Participant Service call, mapping its errors to the product's. */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw mapError(operation, error);
  }
}

export function mapError(operation: string, error: unknown): Error {
  if (error instanceof DependencyFailedError || error instanceof InvalidInputError) return error;
  const name = (error as { name?: string }).name ?? "Error";
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const details = { operation, vendorCode: name, ...(status ? { httpStatus: status } : {}) };
  // The customer's connection no longer reaches the chat: it ended (a customer's SendMessage
  // after the agent ended the chat answers 403, tamdilip/whatsapp-amazonconnect-chat#3).
  if (operation === "SendMessage" && name === "AccessDeniedException") {
    return new ChatClosedError(`Amazon Connect ${operation} refused: the chat has ended`, {
      cause: error,
      details: { ...details, retryable: true },
    });
  }
  if (NOT_RETRYABLE.has(name)) {
    return new InvalidInputError(`Amazon Connect ${operation} refused the request (${name})`, {
      cause: error,
      details,
    });
  }
  // StartChatContact's LimitExceededException is the instance's active-chat limit (§9).
  if (operation === "StartChatContact" && name === "LimitExceededException") {
    return new ChatCapacityError("Amazon Connect has no room for another active chat", {
      cause: error,
      details: { ...details, retryable: true },
    });
  }
  // Throttling, 5xx and network errors: worth a retry later.
  return new DependencyFailedError(`Amazon Connect ${operation} failed (${name})`, {
    cause: error,
    details: { ...details, retryable: true },
  });
}
