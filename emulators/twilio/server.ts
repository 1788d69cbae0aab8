/**
 * Twilio Programmable Messaging emulator (SMS and WhatsApp): the Messages API, the
 * customer-service window and opt-out rules, and signed inbound and status webhooks.
 * Facts from protocols.md §5 (twilio 6.2.0 source, twilio.com/docs/messaging).
 */
import { createEmulatorKit, type EmulatorKit } from "../shared-http/emulator-kit.ts";
import { startEmulatorServer } from "../shared-http/http-server.ts";
import { addInspectionRoutes } from "../shared-http/inspection-routes.ts";
import { Router } from "../shared-http/router.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { fetchAccount } from "./account-api.ts";
import { renderTwilioFault, twilioErrors } from "./api-errors.ts";
import { fetchMedia, serveMediaLink } from "./media-api.ts";
import { TwilioMediaStore } from "./media-store.ts";
import { type DeliveryFailure, type TwilioMessage, TwilioMessageStore } from "./message-store.ts";
import { createMessage, fetchMessage, listMessages } from "./outbound-api.ts";
import {
  resolveTwilioConfig,
  type TwilioContext,
  type TwilioEmulatorOptions,
} from "./twilio-context.ts";
import {
  customerSends,
  type InboundResult,
  sendJsonWebhook,
  type TwilioCustomerMessage,
} from "./webhook-delivery.ts";

export interface TwilioEmulator extends EmulatorKit {
  /** Origin to aim the `twilio` client at (see local-client.ts). */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  close(): Promise<void>;
  /** The customer sends a message; the signed webhook goes to the configured URL. */
  customerSends(input: TwilioCustomerMessage): Promise<InboundResult>;
  /** A signed JSON-body webhook (bodySHA256 variant). */
  sendJsonWebhook(input: { url?: string; body: unknown }): Promise<WebhookDelivery>;
  setWebhookUrl(url: string): void;
  registerTemplate(contentSid: string, body: string): void;
  /** Messages the account sent (API and TwiML replies), oldest first. */
  sent(filter?: { to?: string }): readonly TwilioMessage[];
  /** Marks that the customer wrote to `business` now (opens the WhatsApp window). */
  openWindow(customer: string, business: string): void;
  setOptOut(customer: string, business: string, optedOut: boolean): void;
  /** The next messages (to `to`, or to anyone) end `undelivered`/`failed` with the code. */
  failDeliveries(failure: DeliveryFailure, times?: number): void;
  /** Resolves when all scheduled status callbacks and webhooks are done. */
  idle(): Promise<void>;
  /** Forgets messages, requests, deliveries and faults, and cancels scheduled callbacks. */
  reset(): void;
}

export async function startTwilioEmulator(
  options: TwilioEmulatorOptions = {},
): Promise<TwilioEmulator> {
  const kit = createEmulatorKit(options);
  const ctx: TwilioContext = {
    config: resolveTwilioConfig(options),
    store: new TwilioMessageStore(kit.clock),
    media: new TwilioMediaStore(),
    kit,
    origin: "",
    closed: false,
  };
  const sent = (filter: { to?: string } = {}) =>
    [...ctx.store.messages.values()].filter(
      (message) => message.direction !== "inbound" && (!filter.to || message.to === filter.to),
    );
  // Clearing the webhook sender also cancels callbacks scheduled before the reset.
  const reset = () => {
    ctx.store.clear();
    ctx.media.clear();
    kit.requests.clear();
    kit.webhooks.clear();
    kit.faults.clear();
  };
  const router = new Router({
    faults: kit.faults,
    renderFault: renderTwilioFault,
    notFound: (request) => twilioErrors.notFound(request.path),
  });
  const messages = "/2010-04-01/Accounts/:accountSid/Messages";
  router
    .add("POST", `${messages}.json`, (request) => createMessage(ctx, request), "messages.create")
    .add("GET", `${messages}.json`, (request) => listMessages(ctx, request), "messages.list")
    .add("GET", `${messages}/:sid.json`, (request) => fetchMessage(ctx, request), "messages.fetch")
    .add("GET", `${messages}/:messageSid/Media/:mediaSid`, (r) => fetchMedia(ctx, r), "media.fetch")
    .add("GET", "/__emulator/media/:token", (request) => serveMediaLink(ctx, request))
    .add(
      "GET",
      "/2010-04-01/Accounts/:accountSid.json",
      (r) => fetchAccount(ctx, r),
      "accounts.fetch",
    );
  addInspectionRoutes(router, {
    kit,
    sent: () => sent(),
    customerSends: (input) => customerSends(ctx, input as TwilioCustomerMessage),
    reset,
  });
  const server = await startEmulatorServer({ router, recorder: kit.requests });
  ctx.origin = new URL(server.url).origin;
  return {
    ...kit,
    url: server.url,
    accountSid: ctx.config.accountSid,
    authToken: ctx.config.authToken,
    close: async () => {
      ctx.closed = true;
      await server.close();
    },
    customerSends: (input) => customerSends(ctx, input),
    sendJsonWebhook: (input) => sendJsonWebhook(ctx, input),
    setWebhookUrl: (url) => {
      ctx.config.webhookUrl = url;
    },
    registerTemplate: (contentSid, body) => ctx.config.contentTemplates.set(contentSid, body),
    sent,
    openWindow: (customer, business) => ctx.store.recordInbound(customer, business),
    setOptOut: (customer, business, optedOut) => ctx.store.setOptOut(customer, business, optedOut),
    failDeliveries: (failure, times) => ctx.store.failDeliveries(failure, times),
    idle: () => kit.webhooks.idle(),
    reset,
  };
}
