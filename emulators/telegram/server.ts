/**
 * Telegram Bot API emulator: sendMessage, sendChatAction and the webhook methods, the rule that a bot may
 * only write to users who wrote first, and webhook updates with the secret-token header.
 * Sources are named at the top of each file (core.telegram.org/bots/api).
 */
import { createEmulatorKit, type EmulatorKit } from "../shared-http/emulator-kit.ts";
import { startEmulatorServer } from "../shared-http/http-server.ts";
import type { EmulatorRequest } from "../shared-http/http-types.ts";
import { addInspectionRoutes } from "../shared-http/inspection-routes.ts";
import { Router } from "../shared-http/router.ts";
import { renderTelegramFault, telegramErrors } from "./api-errors.ts";
import { callMethod, operationOf } from "./outbound-api.ts";
import {
  TelegramBotState,
  type TelegramChatAction,
  type TelegramContext,
  type TelegramEmulatorOptions,
  type TelegramSentMessage,
} from "./telegram-context.ts";
import {
  customerSends,
  type TelegramCustomerMessage,
  type TelegramInboundResult,
} from "./webhook-delivery.ts";

export interface TelegramEmulator extends EmulatorKit {
  /** Bot API origin: calls go to `${url}/bot<token>/<method>`. */
  readonly url: string;
  readonly botToken: string;
  readonly botId: number;
  close(): Promise<void>;
  customerSends(input: TelegramCustomerMessage): Promise<TelegramInboundResult>;
  /** The current webhook, as set by setWebhook or the options. */
  webhook(): { url: string; secretToken: string | undefined } | undefined;
  /** The user blocks the bot: sends to them get 403. */
  blockBot(userId: number): void;
  /**
   * The user started the bot before this run (no webhook heard it): the bot may write to
   * them from now on, as after their /start.
   */
  userStartedBot(user: { userId: number; firstName?: string }): void;
  sent(filter?: { chatId?: number }): readonly TelegramSentMessage[];
  /** The chat actions (sendChatAction) the bot sent, oldest first. */
  chatActions(filter?: { chatId?: number }): readonly TelegramChatAction[];
  idle(): Promise<void>;
  /** Forgets messages, requests, deliveries and faults, and cancels scheduled callbacks. */
  reset(): void;
}

export async function startTelegramEmulator(
  options: TelegramEmulatorOptions = {},
): Promise<TelegramEmulator> {
  const kit = createEmulatorKit(options);
  const ctx: TelegramContext = { state: new TelegramBotState(options), kit };
  const sent = (filter: { chatId?: number } = {}) =>
    ctx.state.sent.filter(
      (message) =>
        filter.chatId === undefined || (message.result.chat as { id: number }).id === filter.chatId,
    );
  // Clearing the webhook sender also cancels callbacks scheduled before the reset.
  const reset = () => {
    ctx.state.clear();
    kit.requests.clear();
    kit.webhooks.clear();
    kit.faults.clear();
  };
  const router = new Router({
    faults: kit.faults,
    renderFault: renderTelegramFault,
    notFound: () => telegramErrors.notFound(),
  });
  addInspectionRoutes(router, {
    kit,
    sent: () => sent(),
    customerSends: (input) => customerSends(ctx, input as TelegramCustomerMessage),
    reset,
  });
  const call = (request: EmulatorRequest) => callMethod(ctx, request);
  router
    .add("POST", "/:botSegment/:method", call, operationOf)
    .add("GET", "/:botSegment/:method", call, operationOf);
  const server = await startEmulatorServer({ router, recorder: kit.requests });
  return {
    ...kit,
    url: server.url,
    botToken: ctx.state.token,
    botId: ctx.state.bot.id,
    close: () => server.close(),
    customerSends: (input) => customerSends(ctx, input),
    webhook: () => ctx.state.webhook,
    blockBot: (userId) => {
      const chat = ctx.state.chat(userId);
      if (chat) chat.blocked = true;
    },
    userStartedBot: ({ userId, firstName }) =>
      void ctx.state.openChat({ id: userId, is_bot: false, first_name: firstName ?? "Ana" }),
    sent,
    chatActions: (filter = {}) =>
      ctx.state.chatActions.filter(
        (action) => filter.chatId === undefined || action.chatId === filter.chatId,
      ),
    idle: () => kit.webhooks.idle(),
    reset,
  };
}
