/**
 * Meta Graph emulator for the Messenger Platform: the Send API with the 24-hour and
 * HUMAN_AGENT rules, and signed page webhooks. Facts from protocols.md §6.
 */
import { createEmulatorKit, type EmulatorKit } from "../shared-http/emulator-kit.ts";
import { startEmulatorServer } from "../shared-http/http-server.ts";
import { addInspectionRoutes } from "../shared-http/inspection-routes.ts";
import { Router } from "../shared-http/router.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { graphErrors, renderGraphFault } from "./api-errors.ts";
import { addAttachmentCdnRoutes } from "./attachment-cdn.ts";
import {
  type MetaContext,
  type MetaEmulatorOptions,
  MetaPageState,
  type MetaSentMessage,
  resolveMetaConfig,
} from "./meta-context.ts";
import { sendMessage } from "./outbound-api.ts";
import { fetchMe } from "./page-api.ts";
import {
  customerSends,
  customerSendsBatch,
  type MetaCustomerMessage,
  type MetaInboundResult,
  verifySubscription,
} from "./webhook-delivery.ts";

export interface MetaEmulator extends EmulatorKit {
  /** Graph origin; the Send API is at `${url}/v21.0/me/messages`. */
  readonly url: string;
  readonly pageId: string;
  readonly pageAccessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  close(): Promise<void>;
  customerSends(input: MetaCustomerMessage): Promise<MetaInboundResult>;
  customerSendsBatch(
    inputs: readonly MetaCustomerMessage[],
    options?: { perEntry?: number },
  ): Promise<MetaInboundResult>;
  /** The verification GET; ok when the app echoed hub.challenge with 200. */
  verifySubscription(options?: {
    verifyToken?: string;
  }): Promise<{ ok: boolean; delivery: WebhookDelivery }>;
  setWebhookUrl(url: string): void;
  /** Marks that `psid` wrote to the page at `at` (default now), without a webhook. */
  userWrote(psid: string, at?: number): void;
  sent(filter?: { recipientId?: string }): readonly MetaSentMessage[];
  idle(): Promise<void>;
  /** Forgets messages, requests, deliveries and faults, and cancels scheduled callbacks. */
  reset(): void;
}

export async function startMetaEmulator(options: MetaEmulatorOptions = {}): Promise<MetaEmulator> {
  const kit = createEmulatorKit({ webhookTimeoutMs: 20_000, ...options });
  const ctx: MetaContext = {
    config: resolveMetaConfig(options),
    page: new MetaPageState(kit.clock),
    kit,
  };
  const sent = (filter: { recipientId?: string } = {}) =>
    ctx.page.sent.filter(
      (message) => !filter.recipientId || message.recipientId === filter.recipientId,
    );
  // Clearing the webhook sender also cancels callbacks scheduled before the reset.
  const reset = () => {
    ctx.page.clear();
    kit.requests.clear();
    kit.webhooks.clear();
    kit.faults.clear();
  };
  const router = new Router({
    faults: kit.faults,
    renderFault: renderGraphFault,
    notFound: (request) => graphErrors.unknownObject(request.path),
  });
  addInspectionRoutes(router, {
    kit,
    sent: () => sent(),
    customerSends: (input) => customerSends(ctx, input as MetaCustomerMessage),
    reset,
  });
  addAttachmentCdnRoutes(router);
  const send = (request: Parameters<typeof sendMessage>[1]) => sendMessage(ctx, request);
  router
    .add("POST", "/:version/me/messages", send, "messages.send")
    .add("POST", "/:version/:pageId/messages", send, "messages.send")
    .add("POST", "/me/messages", send, "messages.send")
    .add("GET", "/:version/me", (request) => fetchMe(ctx, request), "me.fetch");
  const server = await startEmulatorServer({ router, recorder: kit.requests });
  return {
    ...kit,
    url: server.url,
    pageId: ctx.config.pageId,
    pageAccessToken: ctx.config.pageAccessToken,
    appSecret: ctx.config.appSecret,
    verifyToken: ctx.config.verifyToken,
    close: () => server.close(),
    customerSends: (input) => customerSends(ctx, input),
    customerSendsBatch: (inputs, batchOptions) => customerSendsBatch(ctx, inputs, batchOptions),
    verifySubscription: (verifyOptions) => verifySubscription(ctx, verifyOptions),
    setWebhookUrl: (url) => {
      ctx.config.webhookUrl = url;
    },
    userWrote: (psid, at) => ctx.page.recordInbound(psid, at),
    sent,
    idle: () => kit.webhooks.idle(),
    reset,
  };
}
