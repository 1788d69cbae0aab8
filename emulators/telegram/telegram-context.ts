import type { CommonEmulatorOptions, EmulatorKit } from "../shared-http/emulator-kit.ts";
import { randomDigits, randomHex } from "../shared-http/random-ids.ts";

export interface TelegramEmulatorOptions extends CommonEmulatorOptions {
  /** `<bot id>:<secret>`, as BotFather issues it; generated if omitted. */
  readonly botToken?: string;
  readonly botUsername?: string;
  /** Preset webhook, as if setWebhook had been called. */
  readonly webhookUrl?: string;
  readonly secretToken?: string;
}

export interface TelegramUser {
  readonly id: number;
  readonly is_bot: boolean;
  readonly first_name: string;
  readonly username?: string;
  readonly language_code?: string;
}

export interface ChatState {
  readonly user: TelegramUser;
  blocked: boolean;
  nextMessageId: number;
}

/** A message the bot sent, as the Bot API returned it, plus the call's parameters. */
export interface TelegramSentMessage {
  readonly result: Record<string, unknown>;
  readonly params: Readonly<Record<string, unknown>>;
  /** The file Telegram downloaded for a photo or document sent by URL. */
  readonly media?: {
    readonly url: string;
    readonly contentType: string;
    readonly sizeInBytes: number;
  };
}

/** A sendChatAction the Bot API accepted ("typing", "upload_photo", ...). */
export interface TelegramChatAction {
  readonly chatId: number;
  readonly action: string;
  readonly at: number;
}

/** The bot, its webhook, the private chats users opened with it, and what it sent. */
export class TelegramBotState {
  readonly bot: TelegramUser;
  readonly token: string;
  webhook: { url: string; secretToken: string | undefined } | undefined;
  readonly sent: TelegramSentMessage[] = [];
  readonly chatActions: TelegramChatAction[] = [];
  readonly #chats = new Map<number, ChatState>();
  #nextUpdateId = Number(randomDigits(6));

  constructor(options: TelegramEmulatorOptions) {
    const token = options.botToken ?? `${randomDigits(10)}:AA${randomHex(16)}`;
    const id = Number(token.split(":")[0]);
    this.token = token;
    this.bot = {
      id,
      is_bot: true,
      first_name: "Connect Deflect",
      username: options.botUsername ?? "connect_deflect_bot",
    };
    this.webhook = options.webhookUrl
      ? { url: options.webhookUrl, secretToken: options.secretToken }
      : undefined;
  }

  /** A user messages the bot: their private chat exists from then on. */
  openChat(user: TelegramUser): ChatState {
    const existing = this.#chats.get(user.id);
    if (existing) return existing;
    const chat = { user, blocked: false, nextMessageId: 1 };
    this.#chats.set(user.id, chat);
    return chat;
  }

  chat(chatId: number): ChatState | undefined {
    return this.#chats.get(chatId);
  }

  nextUpdateId(): number {
    return this.#nextUpdateId++;
  }

  clear(): void {
    this.#chats.clear();
    this.sent.length = 0;
    this.chatActions.length = 0;
  }
}

export interface TelegramContext {
  readonly state: TelegramBotState;
  readonly kit: EmulatorKit;
}

/** Private chat objects as the Bot API renders them. */
export function privateChat(user: TelegramUser): Record<string, unknown> {
  return {
    id: user.id,
    first_name: user.first_name,
    ...(user.username ? { username: user.username } : {}),
    type: "private",
  };
}
