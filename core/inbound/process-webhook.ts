import type { ChannelKind } from "../channel.ts";
import { type KeywordIntent, keywordIntent } from "../channel-rules.ts";
import { ConflictError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { CustomerDirectory } from "../ports/customer-directory.ts";
import type { FunnelRecorder } from "../ports/funnel-recorder.ts";
import type { IdempotencyStore } from "../ports/idempotency-store.ts";
import type { InboundInbox } from "../ports/inbound-inbox.ts";
import type { InboundChannel, InboundMessage, InboundRequest } from "../ports/messenger-channel.ts";
import type { SessionStore } from "../ports/session-store.ts";
import { withClaim } from "../reliability/with-claim.ts";
import { applyDeliveryStatus } from "./apply-delivery-status.ts";
import { applyKeyword, KEYWORD_REPLIES } from "./apply-keyword.ts";

const KEYWORD_LEASE_SECONDS = 30;

export interface WebhookDeps {
  readonly channels: ReadonlyMap<ChannelKind, InboundChannel>;
  readonly sessions: SessionStore;
  /** Keys claimed before a side effect (withClaim), so a retry never repeats it. */
  readonly claims: IdempotencyStore;
  readonly customers: CustomerDirectory;
  readonly inbox: InboundInbox;
  readonly clock: Clock;
  readonly dedupeTtlSeconds: number;
  /** Channels whose platform answers STOP/START/HELP itself (Twilio SMS by default). */
  readonly platformAnswersKeywords: ReadonlySet<ChannelKind>;
  /** Counts delivery receipts for the operations funnel. */
  readonly funnel: FunnelRecorder;
}

export interface WebhookCounts {
  readonly accepted: number;
  readonly duplicates: number;
  readonly keywords: number;
  readonly statusesApplied: number;
}

export type WebhookOutcome =
  | { readonly kind: "challenge"; readonly body: string; readonly contentType: string }
  | {
      readonly kind: "acknowledged";
      readonly replies: readonly string[];
      readonly counts: WebhookCounts;
    };

/**
 * The webhook pipeline after the edge: verify (fail closed, before any write), parse, record
 * each message once in the customer's inbox, apply keywords to consent, apply delivery receipts.
 *
 * Why all of this runs before the answer: a Lambda may be frozen the moment it returns, so
 * work left for "after the response" can be lost. Everything here is one or two small
 * conditional writes (well inside Twilio's 15 s and Meta's 20 s), so the message is durable
 * when the platform gets its 200; the slow part, routing into a Connect chat, starts from
 * the recorded inbox item in a separate invocation.
 */
export async function processWebhook(
  deps: WebhookDeps,
  channel: InboundChannel,
  request: InboundRequest,
): Promise<WebhookOutcome> {
  const parsed = await channel.verifyAndParse(request);
  if (parsed.kind === "challenge") return parsed;
  const replies: string[] = [];
  let accepted = 0;
  let duplicates = 0;
  let keywords = 0;
  let statusesApplied = 0;
  for (const message of parsed.messages) {
    const intent = keywordIntent(message.text, channel.rules.keywords);
    if (intent === undefined) {
      // The inbox item is keyed by the provider's message id, so its one conditional write
      // both stores the message and drops a redelivery.
      if ((await deps.inbox.record(message)) === "recorded") accepted++;
      else duplicates++;
      continue;
    }
    const outcome = await handleKeyword(deps, { channel, message, intent });
    if (outcome === "duplicate") {
      duplicates++;
      continue;
    }
    keywords++;
    if (!deps.platformAnswersKeywords.has(channel.kind)) replies.push(KEYWORD_REPLIES[intent]);
  }
  for (const status of parsed.statuses) {
    if ((await applyDeliveryStatus(deps, status)) === "applied") statusesApplied++;
  }
  return {
    kind: "acknowledged",
    replies,
    counts: { accepted, duplicates, keywords, statusesApplied },
  };
}

/**
 * A keyword changes consent, which is no single write, so it runs under a claim on its
 * message id rather than a plain "seen" mark: if the work fails after the claim, the
 * platform's retry is processed once the lease runs out instead of being dropped as a
 * duplicate. Only a completed claim makes a redelivery a duplicate.
 */
async function handleKeyword(
  deps: WebhookDeps,
  options: { channel: InboundChannel; message: InboundMessage; intent: KeywordIntent },
): Promise<"applied" | "duplicate"> {
  const { message } = options;
  const outcome = await withClaim(
    deps.claims,
    {
      key: `inbound#${message.provider}#${message.providerMessageId}`,
      ttlSeconds: deps.dedupeTtlSeconds,
      leaseSeconds: KEYWORD_LEASE_SECONDS,
    },
    async () => {
      await applyKeyword(deps, options);
      return { outcome: options.intent };
    },
  );
  if (outcome.state === "in-progress") {
    throw new ConflictError("the same message is being processed; retry later");
  }
  return outcome.state === "done" ? "applied" : "duplicate";
}
