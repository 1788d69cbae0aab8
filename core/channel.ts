import { InvalidInputError } from "./errors.ts";

/** Every messenger the product can deflect a caller to. */
export const CHANNEL_KINDS = ["sms", "whatsapp", "messenger", "x", "telegram", "line"] as const;

export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Channels whose handle is the caller's phone number, so a voice call alone can reach them. */
export const PHONE_KEYED_CHANNELS: ReadonlySet<ChannelKind> = new Set(["sms", "whatsapp"]);

export function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

export function parseChannelKind(value: string): ChannelKind {
  if (!isChannelKind(value)) {
    throw new InvalidInputError(
      `unknown channel "${value}"; expected one of ${CHANNEL_KINDS.join(", ")}`,
    );
  }
  return value;
}

/**
 * Where a customer can be reached: a channel and the handle that channel knows them by
 * (an E.164 number for phone-keyed channels, a page-scoped id, an X user id, ...).
 */
export interface CustomerAddress {
  readonly channel: ChannelKind;
  readonly handle: string;
}

export function addressKey(address: CustomerAddress): string {
  return `${address.channel}#${address.handle}`;
}
