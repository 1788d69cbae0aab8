import type { ChannelKind, CustomerAddress } from "../../core/channel.ts";
import type { ChannelRules } from "../../core/channel-rules.ts";
import { SMS_KEYWORDS } from "../../core/channel-rules.ts";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import type {
  MessengerChannel,
  OutboundMessage,
  SendResult,
} from "../../core/ports/messenger-channel.ts";

/** A channel that keeps what it was asked to send and can be told to refuse or fail. */
export class RecordingChannel implements MessengerChannel {
  readonly provider = "recording";
  readonly sent: OutboundMessage[] = [];
  failWith: "rejected" | "unavailable" | undefined;

  constructor(
    readonly kind: ChannelKind,
    readonly rules: ChannelRules = {
      templateOutsideWindow: false,
      templateForFirstMessage: false,
      maxTextLength: 1600,
      keywords: SMS_KEYWORDS,
      optOutNoticeRequired: true,
    },
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    if (this.failWith === "rejected") {
      throw new ChannelRejectedError("refused", { details: { reason: "INVALID_RECIPIENT" } });
    }
    if (this.failWith === "unavailable") throw new DependencyFailedError("platform down");
    this.sent.push(message);
    return {
      providerMessageId: `msg-${this.sent.length}`,
      state: "queued",
      acceptedAt: new Date(),
    };
  }

  async verifyAndParse(): Promise<never> {
    throw new Error("not used by these tests");
  }
}

/** A recording channel with a typing indicator: keeps who it showed typing to. */
export class TypingRecordingChannel extends RecordingChannel {
  readonly typing: CustomerAddress[] = [];

  async showTyping(to: CustomerAddress): Promise<void> {
    if (this.failWith === "rejected") {
      throw new ChannelRejectedError("refused", { details: { reason: "NOT_ALLOWED" } });
    }
    if (this.failWith === "unavailable") throw new DependencyFailedError("platform down");
    this.typing.push(to);
  }
}
