export { startTelegramEmulator, type TelegramEmulator } from "./server.ts";
export { isValidSecretToken, SECRET_TOKEN_HEADER, secretTokenHeaders } from "./signature.ts";
export type {
  TelegramChatAction,
  TelegramEmulatorOptions,
  TelegramSentMessage,
  TelegramUser,
} from "./telegram-context.ts";
export type { TelegramCustomerMessage, TelegramInboundResult } from "./webhook-delivery.ts";
