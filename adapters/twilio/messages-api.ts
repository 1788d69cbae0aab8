import { setTimeout as sleep } from "node:timers/promises";
import * as z from "zod";

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

/** The request never got an answer: refused, unreachable, cut off or timed out. */
export class TwilioUnreachableError extends Error {
  readonly timedOut: boolean;
  readonly attempts: number;

  constructor(options: { cause: unknown; timedOut: boolean; attempts: number }) {
    super(options.timedOut ? "Twilio did not answer in time" : "Twilio could not be reached", {
      cause: options.cause,
    });
    this.name = "TwilioUnreachableError";
    this.timedOut = options.timedOut;
    this.attempts = options.attempts;
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
  readonly maxRetries?: number;
}

export interface CreatedMessage {
  readonly sid: string;
  readonly status: string;
  readonly dateCreated: Date | undefined;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_MAX_RETRIES = 2;
const BACKOFF_BASE_MS = 200;
/** A longer Retry-After than this would outlast the contact flow's 8 s budget: give up. */
const MAX_WAIT_MS = 1_000;
/** Failures to open a connection: nothing reached Twilio, so nothing can have been sent. */
const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

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

type Attempt =
  | { readonly kind: "done"; readonly message: CreatedMessage }
  | { readonly kind: "retry"; readonly error: Error; readonly waitMs: number | undefined };

/**
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json with Basic auth and a form body.
 * Retries (at most `maxRetries`, jittered) only a 429 or a connection that never opened.
 * Messages has no idempotency key, so a 5xx, a reset mid-request or a timeout may hide a
 * message Twilio already accepted; retrying those could text the customer twice, so they
 * fail at once and the caller's own dedupe decides.
 */
export async function createTwilioMessage(request: CreateMessageRequest): Promise<CreatedMessage> {
  const maxRetries = request.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptCreate(request, attempt + 1);
    if (outcome.kind === "done") return outcome.message;
    const waitMs = outcome.waitMs ?? backoffMs(attempt);
    if (attempt >= maxRetries || waitMs > MAX_WAIT_MS) throw outcome.error;
    await sleep(waitMs);
  }
}

async function attemptCreate(request: CreateMessageRequest, attempts: number): Promise<Attempt> {
  const { origin, accountSid, authToken, fields } = request;
  const url = `${origin}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === "TimeoutError";
    const error = new TwilioUnreachableError({ cause, timedOut, attempts });
    if (!neverConnected(cause)) throw error;
    return { kind: "retry", error, waitMs: undefined };
  }
  const text = await readBody(response, attempts);
  if (response.ok) return { kind: "done", message: parseCreated(text, response.status) };
  const error = parseError(text, response.status);
  if (response.status !== 429) throw error;
  return { kind: "retry", error, waitMs: retryAfterMs(response.headers.get("retry-after")) };
}

async function readBody(response: Response, attempts: number): Promise<string> {
  try {
    return await response.text();
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === "TimeoutError";
    throw new TwilioUnreachableError({ cause, timedOut, attempts });
  }
}

function neverConnected(cause: unknown): boolean {
  const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === "string" && CONNECT_FAILURES.has(code);
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

/** Full jitter: a random wait up to 200 ms, 400 ms, … so parallel senders spread out. */
function backoffMs(attempt: number): number {
  return Math.random() * BACKOFF_BASE_MS * 2 ** attempt;
}

/** Retry-After in seconds (the only form Twilio uses [unverified]); else our own backoff. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : undefined;
}
