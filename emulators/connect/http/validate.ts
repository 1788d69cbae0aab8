import type * as z from "zod";
import { ApiError, type ServiceName, validationErrorName } from "./api-error.ts";

/** Parses input with a schema, turning the first problem into the service's 400 error. */
export function validate<T extends z.ZodType>(
  service: ServiceName,
  schema: T,
  input: unknown,
): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "request";
  const message = `Invalid value for ${field}: ${issue?.message ?? "invalid"}`;
  throw new ApiError(validationErrorName(service), message);
}
