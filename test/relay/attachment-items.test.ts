import { readFileSync } from "node:fs";
import type { SNSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { parseSnsChatItem } from "../../relay/sns-chat-item.ts";
import { parseServerFrame } from "../../relay/websocket/websocket-frames.ts";

const fixture = (name: string): SNSEvent =>
  JSON.parse(readFileSync(new URL(`../events/sns/${name}`, import.meta.url), "utf8"));

const file = {
  attachmentId: "e3c1b2a4-5d6f-4a8b-9c0d-1e2f3a4b5c6d",
  fileName: "refund-confirmation.pdf",
  contentType: "application/pdf",
  status: "APPROVED",
};

describe("an agent's ATTACHMENT item, however it reaches the relay", () => {
  it("carries its file from an SNS streaming notification", () => {
    const record = fixture("lambda-agent-attachment.json").Records[0];
    const item = parseSnsChatItem({
      message: record?.Sns.Message ?? "",
      attributes: record?.Sns.MessageAttributes,
    });
    expect(item).toMatchObject({
      id: "6c1f9a2e-7b3d-4e5f-9a0b-2c4d6e8f0a13",
      type: "ATTACHMENT",
      contentType: "application/pdf",
      participantRole: "AGENT",
      visibility: "ALL",
      attachments: [file],
    });
  });

  it("carries its file from a websocket aws/chat frame, a missing name or status filled in", () => {
    const content = JSON.stringify({
      AbsoluteTime: "2026-06-10T12:01:10.482Z",
      ContentType: "image/png",
      Id: "item-9",
      Type: "ATTACHMENT",
      ParticipantRole: "AGENT",
      ContactId: "chat-1",
      Attachments: [{ ContentType: "image/png", AttachmentId: "att-9" }],
    });
    const frame = JSON.stringify({ topic: "aws/chat", contentType: "application/json", content });
    expect(parseServerFrame(frame)).toMatchObject({
      kind: "item",
      item: {
        type: "ATTACHMENT",
        attachments: [
          {
            attachmentId: "att-9",
            fileName: "att-9",
            contentType: "image/png",
            status: "APPROVED",
          },
        ],
      },
    });
  });

  it("refuses a file without an id, which could never be fetched", () => {
    const record = fixture("lambda-agent-attachment.json").Records[0];
    const message = JSON.parse(record?.Sns.Message ?? "{}");
    message.Attachments = [{ ContentType: "application/pdf" }];
    expect(() =>
      parseSnsChatItem({
        message: JSON.stringify(message),
        attributes: record?.Sns.MessageAttributes,
      }),
    ).toThrow(/invalid chat item/);
  });
});
