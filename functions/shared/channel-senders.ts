import { LineSender } from "../../adapters/line/send.ts";
import { MetaMessengerSender } from "../../adapters/meta/send.ts";
import { TelegramSender } from "../../adapters/telegram/send.ts";
import { TwilioSender } from "../../adapters/twilio/send.ts";
import { XDirectMessageSender } from "../../adapters/x/send.ts";
import type { ChannelSenders } from "./channels-from.ts";

/** Every vendor's sending half: what deflect, resume notices and the relay wire. */
export const CHANNEL_SENDERS: ChannelSenders = {
  twilio: TwilioSender,
  meta: MetaMessengerSender,
  x: XDirectMessageSender,
  telegram: TelegramSender,
  line: LineSender,
};
