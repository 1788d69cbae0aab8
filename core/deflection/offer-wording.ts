import type { ChannelKind } from "../channel.ts";

interface ChannelWording {
  /** How a channel is named to callers ("WhatsApp", "text message"). */
  readonly names: Readonly<Record<ChannelKind, string>>;
  /** What the caller is told they were sent, with its article ("an X direct message"). */
  readonly phrases: Readonly<Record<ChannelKind, string>>;
}

/** By primary language subtag: es-US and es-ES callers hear the same words. */
const WORDING: Readonly<Record<"en" | "es", ChannelWording>> = {
  en: {
    names: {
      sms: "text message",
      whatsapp: "WhatsApp",
      messenger: "Facebook Messenger",
      x: "X direct message",
      telegram: "Telegram",
      line: "LINE",
    },
    phrases: {
      sms: "a text message",
      whatsapp: "a WhatsApp message",
      messenger: "a Facebook Messenger message",
      x: "an X direct message",
      telegram: "a Telegram message",
      line: "a LINE message",
    },
  },
  es: {
    names: {
      sms: "mensaje de texto",
      whatsapp: "WhatsApp",
      messenger: "Facebook Messenger",
      x: "mensaje directo de X",
      telegram: "Telegram",
      line: "LINE",
    },
    phrases: {
      sms: "un mensaje de texto",
      whatsapp: "un mensaje de WhatsApp",
      messenger: "un mensaje de Facebook Messenger",
      x: "un mensaje directo de X",
      telegram: "un mensaje de Telegram",
      line: "un mensaje de LINE",
    },
  },
};

/** The words for a channel in the call's language (BCP 47, e.g. es-US); English otherwise. */
export function channelWording(
  channel: ChannelKind,
  languageCode = "en-US",
): { name: string; messagePhrase: string } {
  const primary = languageCode.split("-")[0]?.toLowerCase();
  const wording = primary === "es" ? WORDING.es : WORDING.en;
  return { name: wording.names[channel], messagePhrase: wording.phrases[channel] };
}

/** Whole minutes for callers: never "0 minutes" for a real wait. */
export function waitMinutes(waitSeconds: number): number {
  return Math.max(1, Math.round(waitSeconds / 60));
}
