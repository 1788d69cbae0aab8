import { describe, expect, it } from "vitest";
import { type ChannelRules, MEGABYTE, NO_KEYWORDS } from "../channel-rules.ts";
import type { ChatAttachment } from "../ports/chat-service.ts";
import { mediaMessage, planAttachment } from "./attachment-plan.ts";
import { notDeliveredNotice } from "./not-delivered-notice.ts";

const imagesAndPdf: ChannelRules = {
  templateOutsideWindow: true,
  templateForFirstMessage: true,
  maxTextLength: 1600,
  keywords: NO_KEYWORDS,
  optOutNoticeRequired: false,
  media: [
    { kind: "image", contentTypes: ["image/png", "image/jpeg"], maxBytes: 5 * MEGABYTE },
    { kind: "document", contentTypes: ["application/pdf"], maxBytes: 16 * MEGABYTE },
  ],
};
const textOnly: ChannelRules = { ...imagesAndPdf, media: [] };

const file = (contentType: string, patch: Partial<ChatAttachment> = {}): ChatAttachment => ({
  attachmentId: "att-1",
  fileName: "file",
  contentType,
  status: "APPROVED",
  ...patch,
});

describe("planAttachment", () => {
  it("sends a file whose type the channel takes, as the kind the channel shows it as", () => {
    expect(
      planAttachment({ rules: imagesAndPdf, mode: "free-text", attachment: file("image/png") }),
    ).toMatchObject({ send: true, rule: { kind: "image" }, humanAgent: false });
    expect(
      planAttachment({
        rules: imagesAndPdf,
        mode: "free-text",
        attachment: file("Application/PDF; name=x.pdf"),
      }),
    ).toMatchObject({ send: true, rule: { kind: "document" } });
  });

  it("refuses a type the channel does not carry, and any file on a text-only channel", () => {
    const word = file("application/msword");
    expect(planAttachment({ rules: imagesAndPdf, mode: "free-text", attachment: word })).toEqual({
      send: false,
      reason: "UNSUPPORTED_FILE_TYPE",
    });
    expect(
      planAttachment({ rules: textOnly, mode: "free-text", attachment: file("image/png") }),
    ).toEqual({ send: false, reason: "UNSUPPORTED_FILE_TYPE" });
  });

  it("never puts a file in a template: outside the window it is refused", () => {
    for (const mode of ["template", "not-allowed"] as const) {
      expect(planAttachment({ rules: imagesAndPdf, mode, attachment: file("image/png") })).toEqual({
        send: false,
        reason: "FILE_OUTSIDE_SERVICE_WINDOW",
      });
    }
  });

  it("tags a file HUMAN_AGENT where the channel's late window allows an agent's reply", () => {
    expect(
      planAttachment({
        rules: imagesAndPdf,
        mode: "human-agent-tag",
        attachment: file("image/png"),
      }),
    ).toMatchObject({ send: true, humanAgent: true });
  });

  it("checks the size once the link tells it, against the limit for that kind of file", () => {
    const plan = (sizeInBytes: number, contentType: string) =>
      planAttachment({
        rules: imagesAndPdf,
        mode: "free-text",
        attachment: file(contentType),
        sizeInBytes,
      });
    expect(plan(5 * MEGABYTE, "image/png")).toMatchObject({ send: true });
    expect(plan(5 * MEGABYTE + 1, "image/png")).toEqual({
      send: false,
      reason: "FILE_TOO_LARGE",
      maxBytes: 5 * MEGABYTE,
    });
    expect(plan(10 * MEGABYTE, "application/pdf")).toMatchObject({ send: true });
  });

  it("refuses a file the chat's attachment scan rejected or has not approved", () => {
    for (const status of ["REJECTED", "IN_PROGRESS"] as const) {
      const attachment = file("image/png", { status });
      expect(planAttachment({ rules: imagesAndPdf, mode: "free-text", attachment })).toEqual({
        send: false,
        reason: "FILE_NOT_APPROVED",
      });
    }
  });
});

describe("mediaMessage", () => {
  it("carries the link, the file's type, name and size, and our reference", () => {
    const link = { url: "https://files/att-1", expiresAt: new Date(0), sizeInBytes: 68 };
    expect(
      mediaMessage({
        to: { channel: "whatsapp", handle: "+447911123456" },
        attachment: file("image/png", { fileName: "receipt.png" }),
        link,
        reference: "item-1#att-1",
        humanAgent: false,
      }),
    ).toEqual({
      kind: "media",
      to: { channel: "whatsapp", handle: "+447911123456" },
      url: "https://files/att-1",
      contentType: "image/png",
      fileName: "receipt.png",
      sizeInBytes: 68,
      reference: "item-1#att-1",
    });
  });
});

describe("notDeliveredNotice for files", () => {
  it("names the channel and the kind of file in the agent's words", () => {
    expect(
      notDeliveredNotice("UNSUPPORTED_FILE_TYPE", {
        channel: "line",
        contentType: "application/pdf",
      }),
    ).toBe("Not delivered to the customer: LINE cannot carry PDF files.");
    expect(
      notDeliveredNotice("FILE_TOO_LARGE", {
        channel: "whatsapp",
        contentType: "image/png",
        sizeInBytes: 7.5 * MEGABYTE,
        maxBytes: 5 * MEGABYTE,
      }),
    ).toBe(
      "Not delivered to the customer: the file is 7.5 MB, and WhatsApp takes PNG files up to 5 MB.",
    );
  });
});
