import * as z from "zod";
import { sendWithRetries } from "../http/vendor-http.ts";
import type { RetryPolicy } from "../http/with-retries.ts";

/** Messages API error body `{code, message, more_info, status}` (protocols.md §5.4). */
export class TwilioApiError extends Error {
  readonly status: number;
  readonly code: number | undefined;
  readonly moreInfo: string | undefined;

  constructor(options: { status: number; code?: number; message: string; moreInfo?: string }) {
    super(options.message);
    this.name = "TwilioApiError";
    this.status = options.status;
    this.code = options.code;
    this.moreInfo = options.moreInfo;
  }
}

export interface CreateMessageRequest {
  /** e.g. https://api.twilio.com, or the local emulator's origin. */
  readonly origin: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Form fields in Twilio's own names (To, From, Body, ContentSid, …). */
  readonly fields: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Retry tuning and tracing (`onRetry`); the operation is named here. */
  readonly retry?: Omit<RetryPolicy, "operation">;
}

export interface CreatedMessage {
  readonly sid: string;
  readonly status: string;
  readonly dateCreated: Date | undefined;
}

const DEFAULT_TIMEOUT_MS = 3_000;
/** A longer Retry-After than this would outlast the contact flow's 8 s budget: give up. */
const MAX_WAIT_MS = 1_000;

const createdSchema = z.object({
  sid: z.string().min(1),
  status: z.string(),
  date_created: z.string().nullish(),
});
const errorSchema = z.object({
  code: z.number().int().optional(),
  message: z.string().optional(),
  more_info: z.string().optional(),
});

/**
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json with Basic auth and a form body.
 * Retries (3 attempts, jittered) only a 429 or a connection that never opened. Messages has
 * no idempotency key, so a 5xx, a reset mid-request or a timeout may hide a message Twilio
 * already accepted; retrying those could text the customer twice, so they fail at once and
 * the caller's own dedupe decides.
 */
export function createTwilioMessage(request: CreateMessageRequest): Promise<CreatedMessage> {
  const { origin, accountSid, authToken, fields } = request;
  const url = `${origin}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  return sendWithRetries({
    operation: "Twilio.CreateMessage",
    maxWaitMs: MAX_WAIT_MS,
    ...request.retry,
    idempotent: false,
    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    request: {
      url,
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams(fields).toString(),
    },
    read: async (response) => {
      const text = await response.text();
      if (response.ok) return parseCreated(text, response.status);
      throw parseError(text, response.status);
    },
  });
}

function parseCreated(text: string, status: number): CreatedMessage {
  const parsed = createdSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new TwilioApiError({ status, message: `Twilio answered ${status} without a message` });
  }
  const { sid, status: messageStatus, date_created } = parsed.data;
  const date = date_created ? new Date(date_created) : undefined;
  return {
    sid,
    status: messageStatus,
    dateCreated: date && !Number.isNaN(date.getTime()) ? date : undefined,
  };
}

function parseError(text: string, status: number): TwilioApiError {
  const parsed = errorSchema.safeParse(parseJson(text));
  const body = parsed.success ? parsed.data : {};
  return new TwilioApiError({
    status,
    message: body.message ?? `Twilio answered ${status}`,
    ...(body.code === undefined ? {} : { code: body.code }),
    ...(body.more_info === undefined ? {} : { moreInfo: body.more_info }),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
