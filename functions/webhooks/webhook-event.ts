import * as z from "zod";
import { type ChannelKind, isChannelKind } from "../../core/channel.ts";
import { InvalidInputError, NotFoundError } from "../../core/errors.ts";
import type { InboundRequest } from "../../core/ports/messenger-channel.ts";

/** Platforms send a few kilobytes; anything far larger is not a webhook. */
const MAX_BODY_BYTES = 1_048_576;

/** The parts of an API Gateway HTTP API (payload 2.0) event that a webhook uses. */
const EventSchema = z.object({
  rawPath: z.string().max(2_048),
  rawQueryString: z.string().max(8_192).default(""),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  pathParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({ http: z.object({ method: z.string().max(16) }) }),
});

export interface WebhookCall {
  readonly channel: ChannelKind;
  readonly request: InboundRequest;
}

/**
 * Turns the Lambda event into the request the channel verifies. The public URL comes from
 * configuration, never from the Host header: behind API Gateway, a custom domain or a proxy
 * the host the function sees is not the one the platform signed.
 */
export function parseWebhookEvent(event: unknown, publicBaseUrl: string): WebhookCall {
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidInputError("not an HTTP API event", {
      details: { issues: parsed.error.issues },
    });
  }
  const { rawPath, rawQueryString, headers, body, isBase64Encoded, pathParameters } = parsed.data;
  const channel = pathParameters?.channel ?? /^\/webhooks\/([^/]+)\/?$/.exec(rawPath)?.[1] ?? "";
  if (!isChannelKind(channel)) throw new NotFoundError(`no webhook route for "${channel}"`);
  const rawBody = decodeBody(body, isBase64Encoded);
  // No prototype: a parameter or header named "__proto__" or "toString" is just a name.
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    if (!Object.hasOwn(query, name)) query[name] = value;
  }
  const lowerHeaders: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) lowerHeaders[name.toLowerCase()] = value;
  const suffix = rawQueryString === "" ? "" : `?${rawQueryString}`;
  return {
    channel,
    request: {
      method: parsed.data.requestContext.http.method.toUpperCase(),
      publicUrl: `${publicBaseUrl}/webhooks/${channel}${suffix}`,
      headers: lowerHeaders,
      query,
      rawBody,
    },
  };
}

function decodeBody(body: string | undefined, isBase64Encoded: boolean): string {
  if (body === undefined) return "";
  const bytes = isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
  if (bytes.length > MAX_BODY_BYTES) {
    throw new InvalidInputError(`the body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  // Signatures cover the bytes; invalid UTF-8 decodes lossily and then fails verification.
  return isBase64Encoded ? bytes.toString("utf8") : body;
}
