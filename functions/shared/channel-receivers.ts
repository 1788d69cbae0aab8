import { LineReceiver } from "../../adapters/line/inbound.ts";
import { MetaMessengerReceiver } from "../../adapters/meta/inbound.ts";
import { TelegramReceiver } from "../../adapters/telegram/inbound.ts";
import { TwilioReceiver } from "../../adapters/twilio/inbound.ts";
import { XDirectMessageReceiver } from "../../adapters/x/inbound.ts";
import type { ChannelReceivers } from "./channels-from.ts";

/** Every vendor's receiving half (verify + parse): what the webhook function wires. */
export const CHANNEL_RECEIVERS: ChannelReceivers = {
  twilio: TwilioReceiver,
  meta: MetaMessengerReceiver,
  x: XDirectMessageReceiver,
  telegram: TelegramReceiver,
  line: LineReceiver,
};
