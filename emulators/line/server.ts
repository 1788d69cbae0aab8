/**
 * LINE Messaging API emulator: push and reply with their token, size and retry-key rules,
 * and webhook events signed with x-line-signature. Sources are named in each file.
 */
import { createEmulatorKit, type EmulatorKit } from "../shared-http/emulator-kit.ts";
import { startEmulatorServer } from "../shared-http/http-server.ts";
import type { EmulatorRequest } from "../shared-http/http-types.ts";
import { addInspectionRoutes } from "../shared-http/inspection-routes.ts";
import { Router } from "../shared-http/router.ts";
import type { WebhookDelivery } from "../shared-http/webhook-sender.ts";
import { lineErrors, renderLineFault } from "./api-errors.ts";
import { addFollowRoute } from "./follow-event.ts";
import {
  LineChannelState,
  type LineContext,
  type LineEmulatorOptions,
  type LineSentMessage,
  resolveLineConfig,
} from "./line-context.ts";
import { botInfo, push, reply } from "./outbound-api.ts";
import {
  customerSends,
  type LineCustomerMessage,
  type LineInboundResult,
  redeliver,
  verifyWebhook,
} from "./webhook-delivery.ts";

export interface LineEmulator extends EmulatorKit {
  /** API origin: push is `${url}/v2/bot/message/push`. */
  readonly url: string;
  readonly channelAccessToken: string;
  readonly channelSecret: string;
  readonly botUserId: string;
  close(): Promise<void>;
  customerSends(input: LineCustomerMessage): Promise<LineInboundResult>;
  redeliver(webhookEventId: string): Promise<WebhookDelivery>;
  verifyWebhook(): Promise<WebhookDelivery>;
  setWebhookUrl(url: string): void;
  /** The user blocks the account: sends still answer 200 but are not delivered. */
  blockAccount(userId: string): void;
  sent(filter?: { to?: string }): readonly LineSentMessage[];
  idle(): Promise<void>;
  /** Forgets messages, requests, deliveries and faults, and cancels scheduled callbacks. */
  reset(): void;
}

export async function startLineEmulator(options: LineEmulatorOptions = {}): Promise<LineEmulator> {
  const kit = createEmulatorKit(options);
  const config = resolveLineConfig(options);
  const ctx: LineContext = {
    config,
    state: new LineChannelState(kit.clock, config.replyTokenTtlMs),
    kit,
  };
  const sent = (filter: { to?: string } = {}) =>
    ctx.state.sent.filter((message) => !filter.to || message.to === filter.to);
  // Clearing the webhook sender also cancels callbacks scheduled before the reset.
  const reset = () => {
    ctx.state.clear();
    kit.requests.clear();
    kit.webhooks.clear();
    kit.faults.clear();
  };
  const router = new Router({
    faults: kit.faults,
    renderFault: renderLineFault,
    notFound: () => lineErrors.notFound(),
  });
  addInspectionRoutes(router, {
    kit,
    sent: () => sent(),
    customerSends: (input) => customerSends(ctx, input as LineCustomerMessage),
    reset,
  });
  addFollowRoute(router, ctx);
  const on = (handler: typeof push) => (request: EmulatorRequest) => handler(ctx, request);
  router
    .add("POST", "/v2/bot/message/push", on(push), "message.push")
    .add("POST", "/v2/bot/message/reply", on(reply), "message.reply")
    .add("GET", "/v2/bot/info", on(botInfo), "bot.info");
  const server = await startEmulatorServer({ router, recorder: kit.requests });
  return {
    ...kit,
    url: server.url,
    channelAccessToken: config.channelAccessToken,
    channelSecret: config.channelSecret,
    botUserId: config.botUserId,
    close: () => server.close(),
    customerSends: (input) => customerSends(ctx, input),
    redeliver: (id) => redeliver(ctx, id),
    verifyWebhook: () => verifyWebhook(ctx),
    setWebhookUrl: (url) => {
      config.webhookUrl = url;
    },
    blockAccount: (userId) => ctx.state.users.set(userId, { blocked: true }),
    sent,
    idle: () => kit.webhooks.idle(),
    reset,
  };
}
