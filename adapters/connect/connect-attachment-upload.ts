import { createHash } from "node:crypto";
import { DependencyFailedError, InvalidInputError } from "../../core/errors.ts";
import { mapError } from "./connect-errors.ts";

const UPLOAD_TIMEOUT_MS = 20_000;
const MAX_CLIENT_TOKEN_LENGTH = 500;

/** ClientTokens hold at most 500 characters (§4); a longer one is replaced by its hash. */
export function attachmentToken(clientToken: string): string {
  return clientToken.length <= MAX_CLIENT_TOKEN_LENGTH
    ? clientToken
    : createHash("sha256").update(clientToken).digest("hex");
}

/** A full chat (35 files) or a refused type does not change on retry: the caller names the file. */
export async function attachmentCall<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if ((error as { name?: string }).name === "ServiceQuotaExceededException") {
      throw new InvalidInputError(`Amazon Connect ${operation} refused the attachment`, {
        cause: error,
        details: { operation, vendorCode: "ServiceQuotaExceededException" },
      });
    }
    throw mapError(operation, error);
  }
}

/** PUT to the presigned URL with exactly the headers Connect asked for (they are signed). */
export async function uploadAttachment(options: {
  url: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}): Promise<void> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: "PUT",
      headers: options.headers,
      // A copy on its own ArrayBuffer, which fetch's body type asks for (a view of a shared
      // buffer is not one).
      body: new Uint8Array(options.bytes),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await response.arrayBuffer();
  } catch (cause) {
    throw new DependencyFailedError("the attachment upload did not complete", {
      cause,
      details: { operation: "PutAttachment", retryable: true },
    });
  }
  if (!response.ok) {
    throw new DependencyFailedError(`the attachment upload was refused (${response.status})`, {
      details: { operation: "PutAttachment", httpStatus: response.status, retryable: true },
    });
  }
}
