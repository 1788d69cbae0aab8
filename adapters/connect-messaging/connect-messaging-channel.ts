import type { ChannelRules } from "../../core/channel-rules.ts";
import type {
  InboundParseResult,
  InboundRequest,
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";
import { refuseConnectMessagingWebhook } from "./inbound.ts";
import { CONNECT_SMS_RULES, CONNECT_WHATSAPP_RULES, type ConnectMessagingKind } from "./rules.ts";
import { type ConnectMessagingSenderOptions, startOutboundChat } from "./send.ts";

export type ConnectMessagingChannelOptions = Omit<ConnectMessagingSenderOptions, "maxTextLength">;

/**
 * SMS or WhatsApp that Amazon Connect itself carries, for instances with Connect messaging
 * set up. Each deflection's first message starts an outbound chat contact; the customer's
 * reply continues that contact inside Connect. Delivery receipts are not exposed to us.
 */
abstract class ConnectMessagingChannel implements MessengerChannel {
  abstract readonly kind: ConnectMessagingKind;
  abstract readonly rules: ChannelRules;
  readonly provider = "connect";
  readonly #options: ConnectMessagingChannelOptions;

  constructor(options: ConnectMessagingChannelOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SendResult> {
    const maxTextLength = this.rules.maxTextLength;
    return startOutboundChat({ ...this.#options, kind: this.kind, maxTextLength }, message);
  }

  async verifyAndParse(request: InboundRequest): Promise<InboundParseResult> {
    return refuseConnectMessagingWebhook(request);
  }
}

export class ConnectSmsChannel extends ConnectMessagingChannel {
  readonly kind = "connect-sms";
  readonly rules = CONNECT_SMS_RULES;
}

export class ConnectWhatsAppChannel extends ConnectMessagingChannel {
  readonly kind = "connect-whatsapp";
  readonly rules = CONNECT_WHATSAPP_RULES;
}
