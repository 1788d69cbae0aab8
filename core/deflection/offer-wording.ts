import type { ChannelKind } from "../channel.ts";

/** How a channel is named to callers. */
export const CHANNEL_DISPLAY_NAMES: Readonly<Record<ChannelKind, string>> = {
  sms: "text message",
  whatsapp: "WhatsApp",
  messenger: "Facebook Messenger",
  x: "X direct message",
  telegram: "Telegram",
  line: "LINE",
  "connect-sms": "text message",
  "connect-whatsapp": "WhatsApp",
};

/** What the caller is told they were sent, with its article ("an X direct message"). */
export const CHANNEL_MESSAGE_PHRASES: Readonly<Record<ChannelKind, string>> = {
  sms: "a text message",
  whatsapp: "a WhatsApp message",
  messenger: "a Facebook Messenger message",
  x: "an X direct message",
  telegram: "a Telegram message",
  line: "a LINE message",
  "connect-sms": "a text message",
  "connect-whatsapp": "a WhatsApp message",
};

/** Whole minutes for callers: never "0 minutes" for a real wait. */
export function waitMinutes(waitSeconds: number): number {
  return Math.max(1, Math.round(waitSeconds / 60));
}

/** The spoken offer. Plain text; the flow wraps it in SSML. */
export function offerPrompt(options: { channel: ChannelKind; waitSeconds: number }): string {
  const minutes = waitMinutes(options.waitSeconds);
  const name = CHANNEL_DISPLAY_NAMES[options.channel];
  return `The wait is about ${minutes} ${minutes === 1 ? "minute" : "minutes"}. To carry on by ${name} instead, press 1, and we will message you now. To keep your place in the queue, press 2.`;
}
