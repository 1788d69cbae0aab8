/**
 * Status callbacks (protocols.md §5.2): every status change after the initial one is
 * POSTed, form-encoded and signed, to the message's StatusCallback URL.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { OUTSIDE_WINDOW_MESSAGE } from "./api-errors.ts";
import { isWhatsApp, type TwilioMessage, type TwilioMessageStatus } from "./message-store.ts";
import { fetchOutboundMedia, type MediaFailure } from "./outbound-media.ts";
import { encodeTwilioForm, signTwilioRequest } from "./signature.ts";
import type { TwilioContext } from "./twilio-context.ts";
import { formHeaders, requestedUrl } from "./webhook-delivery.ts";

interface StatusStep {
  readonly status: TwilioMessageStatus;
  readonly errorCode?: number;
  readonly errorMessage?: string;
}

/**
 * Moves an accepted message through its statuses, calling StatusCallback on each change. Its
 * media is fetched first, as Twilio does before it sends; a file it cannot use fails it.
 */
export function scheduleStatusCallbacks(
  ctx: TwilioContext,
  message: TwilioMessage,
  options: { sender: string; windowFailure: boolean },
): void {
  // Taken now: a reset while the media is fetched still cancels what follows.
  const epoch = ctx.kit.webhooks.epoch;
  const run = async () => {
    const mediaFailure = options.windowFailure ? undefined : await fetchOutboundMedia(message);
    const steps = plannedSteps(ctx, message, { ...options, mediaFailure });
    await runSteps(ctx, { message, sender: options.sender, steps, epoch });
  };
  ctx.kit.webhooks.track(run());
}

function plannedSteps(
  ctx: TwilioContext,
  message: TwilioMessage,
  outcome: { windowFailure: boolean; mediaFailure: MediaFailure | undefined },
): StatusStep[] {
  const steps: StatusStep[] = message.status === "accepted" ? [{ status: "queued" }] : [];
  if (outcome.windowFailure) {
    return [...steps, { status: "failed", errorCode: 63016, errorMessage: OUTSIDE_WINDOW_MESSAGE }];
  }
  if (outcome.mediaFailure) return [...steps, { status: "failed", ...outcome.mediaFailure }];
  steps.push({ status: "sent" });
  const failure = ctx.store.takeFailure(message.to);
  if (failure) {
    const errorMessage = failure.errorMessage ?? `Delivery failed with error ${failure.errorCode}`;
    return [...steps, { status: failure.status, errorCode: failure.errorCode, errorMessage }];
  }
  steps.push({ status: "delivered" });
  if (ctx.config.readReceipts && isWhatsApp(message.to)) steps.push({ status: "read" });
  return steps;
}

async function runSteps(
  ctx: TwilioContext,
  run: { message: TwilioMessage; sender: string; steps: StatusStep[]; epoch: number },
) {
  const { message, sender, steps, epoch } = run;
  for (const step of steps) {
    // Unreferenced: a message's pending statuses never keep a finished process alive.
    await sleep(ctx.config.statusStepMs, undefined, { ref: false });
    if (ctx.closed || ctx.kit.webhooks.epoch !== epoch) return;
    const now = ctx.kit.clock.now();
    message.status = step.status;
    message.dateUpdated = now;
    if (step.status === "sent") message.dateSent = now;
    if (step.errorCode !== undefined) {
      message.errorCode = step.errorCode;
      message.errorMessage = step.errorMessage ?? null;
    }
    if (message.statusCallback)
      await deliverStatus(ctx, message, sender, requestedUrl(message.statusCallback));
  }
}

function deliverStatus(ctx: TwilioContext, message: TwilioMessage, sender: string, url: string) {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: "2010-04-01",
    From: sender,
    To: message.to,
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: message.status,
    SmsStatus: message.status,
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
  if (message.errorMessage !== null) params.ErrorMessage = message.errorMessage;
  const signature = signTwilioRequest(ctx.config.authToken, url, params);
  return ctx.kit.webhooks.deliver({
    kind: "status-callback",
    url,
    headers: formHeaders(signature),
    body: encodeTwilioForm(params),
  });
}
