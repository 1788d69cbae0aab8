import { describe, expect, it } from "vitest";
import type { ChannelKind } from "../../core/channel.ts";
import type { ChannelRules } from "../../core/channel-rules.ts";
import type { ChatAttachment } from "../../core/ports/chat-service.ts";
import { planAttachment } from "../../core/relay/attachment-plan.ts";
import { notDeliveredNotice } from "../../core/relay/not-delivered-notice.ts";
import { LINE_RULES } from "../line/rules.ts";
import { MESSENGER_RULES } from "../meta/rules.ts";
import { TELEGRAM_RULES } from "../telegram/rules.ts";
import { TWILIO_SMS_RULES, TWILIO_WHATSAPP_RULES } from "../twilio/rules.ts";
import { X_DIRECT_MESSAGE_RULES } from "../x/rules.ts";
import { requireMediaRule } from "./media-rule.ts";

const CHANNEL_RULES: Readonly<Record<ChannelKind, ChannelRules>> = {
  sms: TWILIO_SMS_RULES,
  whatsapp: TWILIO_WHATSAPP_RULES,
  messenger: MESSENGER_RULES,
  telegram: TELEGRAM_RULES,
  line: LINE_RULES,
  x: X_DIRECT_MESSAGE_RULES,
};

const PNG = "image/png";
const PDF = "application/pdf";
const WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** What the relay plans for an agent's file of `contentType` on each channel, in the window. */
function plans(contentType: string) {
  return Object.fromEntries(
    Object.entries(CHANNEL_RULES).map(([kind, rules]) => {
      const attachment: ChatAttachment = {
        attachmentId: "a",
        fileName: "f",
        contentType,
        status: "APPROVED",
      };
      const plan = planAttachment({ rules, mode: "free-text", attachment });
      return [kind, plan.send ? plan.rule.kind : plan.reason];
    }),
  );
}

describe("the channels' media rules, as the relay plans an agent's file", () => {
  it("sends a PNG as an image on every channel", () => {
    expect(plans(PNG)).toEqual({
      sms: "image",
      whatsapp: "image",
      messenger: "image",
      telegram: "image",
      line: "image",
      x: "image",
    });
  });

  it("sends a PDF as a document where the channel takes one; LINE and X cannot", () => {
    expect(plans(PDF)).toEqual({
      sms: "document",
      whatsapp: "document",
      messenger: "document",
      telegram: "document",
      line: "UNSUPPORTED_FILE_TYPE",
      x: "UNSUPPORTED_FILE_TYPE",
    });
    expect(notDeliveredNotice("UNSUPPORTED_FILE_TYPE", { channel: "line", contentType: PDF })).toBe(
      "Not delivered to the customer: LINE cannot carry PDF files.",
    );
  });

  it("sends a Word file only where it goes by link: SMS and Messenger", () => {
    expect(plans(WORD)).toEqual({
      sms: "document",
      whatsapp: "UNSUPPORTED_FILE_TYPE",
      messenger: "document",
      telegram: "UNSUPPORTED_FILE_TYPE",
      line: "UNSUPPORTED_FILE_TYPE",
      x: "UNSUPPORTED_FILE_TYPE",
    });
  });

  it("makes an adapter refuse what its rules refuse, before any call", () => {
    const message = {
      kind: "media",
      to: { channel: "line", handle: "U1" },
      url: "https://files/a.pdf",
      contentType: PDF,
      fileName: "a.pdf",
      sizeInBytes: 10,
      reference: "r",
    } as const;
    expect(() => requireMediaRule(LINE_RULES, message)).toThrow(/does not carry application\/pdf/);
    expect(() =>
      requireMediaRule(TWILIO_WHATSAPP_RULES, { ...message, sizeInBytes: 17 * 1024 * 1024 }),
    ).toThrowError(expect.objectContaining({ details: { reason: "FILE_TOO_LARGE" } }));
  });
});
