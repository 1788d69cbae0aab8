import { joinHalves } from "../../adapters/channel/join-halves.ts";
import { XDirectMessageReceiver } from "../../adapters/x/inbound.ts";
import { XDirectMessageSender } from "../../adapters/x/send.ts";
import { ENV } from "../../config/environment-names.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { MessengerChannel } from "../../core/ports/messenger-channel.ts";
import { startMetaEmulator } from "../../emulators/meta/index.ts";
import type { SteppableClock } from "../../emulators/shared-http/clock.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import { startXEmulator } from "../../emulators/x/index.ts";
import { startLine, startTelegram } from "./bot-platform-apps.ts";
import { fileOf, type ReceivedFile } from "./received-file.ts";

/** The channels the end-to-end journey runs on. */
export type JourneyChannel = "sms" | "whatsapp" | "messenger" | "x" | "telegram" | "line";

export const WHATSAPP_TEMPLATE = "HX000000000000000000000000000e2e01";
export const REPLY_TEMPLATE = "HX000000000000000000000000000e2e02";
export const BUSINESS_NUMBER = "+15005550006";

/** One message the business sent a customer: its text, and the platform's own record of it. */
export interface ReceivedMessage {
  readonly text: string;
  /** The file the message carried, once the platform fetched it. */
  readonly media?: ReceivedFile;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The customer's side of one channel: what reached them, and writing back through the platform. */
export interface CustomerApp {
  /** What the business sent to this handle, oldest first. */
  received(handle: string): ReceivedMessage[];
  /** The platform signs the customer's message and POSTs it to the webhook function. */
  send(handle: string, text: string): Promise<{ status: number | undefined }>;
  /** Every message the business sent so far, to anyone: the driver's settle loop counts it. */
  sentCount(): number;
  /** Resolves once the platform's webhooks in flight (receipts, echoes) have been answered. */
  idle(): Promise<void>;
  /**
   * The customer reached the business on this channel at `at`, before the journey: Messenger
   * pages, Telegram bots and LINE accounts may only message people who did (protocols.md §6).
   */
  wroteEarlier?(handle: string, at: number): Promise<void>;
}

/** One platform emulator: the channels it serves, the settings that configure the product for it. */
export interface Platform {
  readonly apps: readonly (readonly [JourneyChannel, CustomerApp])[];
  readonly env: Readonly<Record<string, string>>;
  /** The platform checks the callback as it does when the webhook is registered. */
  readonly subscribe: () => Promise<boolean>;
  /** A channel adapter the test must build itself, and why is said where it is built. */
  readonly override?: { readonly kind: ChannelKind; readonly channel: MessengerChannel };
  readonly close: () => Promise<void>;
}

export interface PlatformOptions {
  readonly clock: SteppableClock;
  readonly route: (kind: ChannelKind) => string;
}

/**
 * The platform emulators the journey's channels need, pointed at the webhook function, with
 * the environment that configures the product for them.
 */
export async function startCustomerApps(options: {
  channels: readonly JourneyChannel[];
  clock: SteppableClock;
  webhookBaseUrl: string;
}) {
  const { channels } = options;
  const platformOptions = {
    clock: options.clock,
    route: (kind: ChannelKind) => `${options.webhookBaseUrl}/webhooks/${kind}`,
  };
  const platforms: Platform[] = [];
  if (channels.includes("sms") || channels.includes("whatsapp")) {
    platforms.push(await startTwilio(platformOptions));
  }
  if (channels.includes("messenger")) platforms.push(await startMeta(platformOptions));
  if (channels.includes("x")) platforms.push(await startX(platformOptions));
  if (channels.includes("telegram")) platforms.push(await startTelegram(platformOptions));
  if (channels.includes("line")) platforms.push(await startLine(platformOptions));
  return {
    apps: new Map(platforms.flatMap((platform) => platform.apps)),
    env: Object.assign({}, ...platforms.map((platform) => platform.env)) as Record<string, string>,
    overrides: platforms.flatMap((platform) => (platform.override ? [platform.override] : [])),
    /** Registers every callback; false when a platform's check failed. */
    subscribe: async () => (await Promise.all(platforms.map((p) => p.subscribe()))).every(Boolean),
    close: async () => void (await Promise.all(platforms.map((platform) => platform.close()))),
  };
}

async function startTwilio({ clock, route }: PlatformOptions): Promise<Platform> {
  const twilio = await startTwilioEmulator({
    clock,
    contentTemplates: {
      [WHATSAPP_TEMPLATE]: "{{1}}: reply here to carry on with an agent. Wait was {{2}} minutes.",
      [REPLY_TEMPLATE]: "{{1}}: an agent replied: {{2}}",
    },
    // Receipts (queued, sent, delivered) go to the webhook function on short real timers;
    // the driver waits for them with idle() before the next step.
    statusStepMs: 1,
  });
  const app = (kind: "sms" | "whatsapp"): CustomerApp => {
    const address = (number: string) => (kind === "whatsapp" ? `whatsapp:${number}` : number);
    return {
      received: (number) =>
        twilio.sent({ to: address(number) }).map((m) => ({
          text: m.body,
          ...(m.media[0] ? { media: fileOf(m.media[0]) } : {}),
          raw: { ...m },
        })),
      async send(number, text) {
        twilio.setWebhookUrl(route(kind));
        const from = address(number);
        const result = await twilio.customerSends({ from, to: address(BUSINESS_NUMBER), text });
        return { status: result.delivery.status };
      },
      sentCount: () => twilio.sent().length,
      idle: () => twilio.idle(),
    };
  };
  return {
    apps: [
      ["sms", app("sms")],
      ["whatsapp", app("whatsapp")],
    ],
    env: {
      [ENV.twilioAccountSid]: twilio.accountSid,
      [ENV.twilioAuthToken]: twilio.authToken,
      [ENV.twilioSmsFrom]: BUSINESS_NUMBER,
      [ENV.twilioWhatsAppFrom]: `whatsapp:${BUSINESS_NUMBER}`,
      [ENV.twilioApiOrigin]: twilio.url,
    },
    // Twilio has no subscription check: the webhook URL is set on the number.
    subscribe: async () => true,
    close: () => twilio.close(),
  };
}

async function startMeta({ clock, route }: PlatformOptions): Promise<Platform> {
  // Echoes of the page's own sends and delivery events arrive as on a live page.
  const meta = await startMetaEmulator({ clock, echoes: true, deliveryEvents: true });
  meta.setWebhookUrl(route("messenger"));
  const app: CustomerApp = {
    received: (psid) =>
      meta.sent({ recipientId: psid }).map((m) => ({
        text: String(m.message?.text ?? ""),
        ...(m.media ? { media: fileOf(m.media) } : {}),
        raw: { ...m },
      })),
    async send(psid, text) {
      return { status: (await meta.customerSends({ psid, text })).delivery.status };
    },
    wroteEarlier: async (psid, at) => meta.userWrote(psid, at),
    sentCount: () => meta.sent().length,
    idle: () => meta.idle(),
  };
  return {
    apps: [["messenger", app]],
    env: {
      [ENV.metaAppSecret]: meta.appSecret,
      [ENV.metaVerifyToken]: meta.verifyToken,
      [ENV.metaPageAccessToken]: meta.pageAccessToken,
      [ENV.metaGraphOrigin]: meta.url,
    },
    subscribe: async () => (await meta.verifySubscription()).ok,
    close: () => meta.close(),
  };
}

async function startX({ clock, route }: PlatformOptions): Promise<Platform> {
  // The account's own sends come back on the webhook, as on X (protocols.md §7.1).
  const x = await startXEmulator({ clock, echoOwnSends: true });
  x.setWebhookUrl(route("x"));
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = x.credentials;
  const app: CustomerApp = {
    received: (userId) =>
      x.sent({ participantId: userId }).map((event) => {
        // A DM names its file by media key; the upload holds what it was.
        const uploaded = x.uploadedMedia(event.attachments?.media_keys[0] ?? "");
        const media = uploaded && fileOf({ ...uploaded, contentType: uploaded.mediaType });
        return { text: event.text, ...(media ? { media } : {}), raw: { ...event } };
      }),
    async send(senderId, text) {
      return { status: (await x.customerSends({ senderId, text })).delivery.status };
    },
    sentCount: () => x.sent().length,
    idle: () => x.idle(),
  };
  // The emulator's certificate is self-signed and the configuration has no setting to trust
  // it (only NODE_EXTRA_CA_CERTS, at process start): the same adapter, with a trusting agent.
  const sender = new XDirectMessageSender({
    credentials: {
      appKey: consumerKey,
      appSecret: consumerSecret,
      accessToken,
      accessSecret: accessTokenSecret,
    },
    apiOrigin: x.url,
    httpsAgent: x.httpsAgent(),
  });
  const channel = joinHalves(sender, new XDirectMessageReceiver({ consumerSecret }));
  return {
    apps: [["x", app]],
    env: {
      [ENV.xConsumerKey]: consumerKey,
      [ENV.xConsumerSecret]: consumerSecret,
      [ENV.xAccessToken]: accessToken,
      [ENV.xAccessSecret]: accessTokenSecret,
      [ENV.xApiOrigin]: x.url,
    },
    subscribe: async () => (await x.crcCheck()).ok,
    override: { kind: "x", channel },
    close: () => x.close(),
  };
}
