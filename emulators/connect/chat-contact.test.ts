import {
  DescribeContactCommand,
  GetContactAttributesCommand,
  StartChatContactCommand,
  StartOutboundChatContactCommand,
  StopContactCommand,
} from "@aws-sdk/client-connect";
import {
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
} from "@aws-sdk/client-connectparticipant";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { sdkClients, testInstance } from "./test-support/clients.ts";

let emulator: ConnectEmulator;
let clients: ReturnType<typeof sdkClients>;
const InstanceId = testInstance.instanceId;
const ContactFlowId = testInstance.flows[0]?.id ?? "";

beforeAll(async () => {
  // The API's answers are under test, not the account's quotas (quotas/api-quotas.test.ts).
  emulator = await startConnectEmulator({
    quotas: "off",
    instance: testInstance,
  });
  clients = sdkClients(emulator.url);
});
afterAll(() => emulator.close());

const startChat = (extra: Record<string, unknown> = {}) =>
  clients.connect.send(
    new StartChatContactCommand({
      InstanceId,
      ContactFlowId,
      ParticipantDetails: { DisplayName: "Sam" },
      ...extra,
    }),
  );

describe("StartChatContact", () => {
  it("returns a contact, participant and token, and queues the chat via its flow", async () => {
    const started = await startChat({
      Attributes: { source: "whatsapp" },
      InitialMessage: { ContentType: "text/plain", Content: "Hello" },
      SegmentAttributes: { "connect:Subtype": { ValueString: "connect:Chat" } },
    });
    expect(started.ContactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.ParticipantToken).toBeTruthy();
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId, ContactId: started.ContactId }),
    );
    expect(described.Contact?.Channel).toBe("CHAT");
    expect(described.Contact?.QueueInfo?.Id).toBe(testInstance.queues[0]?.id);
    expect(described.Contact?.InitiationTimestamp).toBeInstanceOf(Date);
  });

  it("rejects a request without ContactFlowId with 400 InvalidParameterException", async () => {
    const error = await clients.connect
      .send(
        new StartChatContactCommand({
          InstanceId,
          ParticipantDetails: { DisplayName: "x" },
        } as never),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "InvalidParameterException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("enforces the documented limits on duration, content types and attributes", async () => {
    const attempts = [
      { ChatDurationInMinutes: 59 },
      { ChatDurationInMinutes: 10_081 },
      { SupportedMessagingContentTypes: ["text/markdown"] },
      { InitialMessage: { ContentType: "text/plain", Content: "x".repeat(16_385) } },
      { Attributes: { "bad key": "v" } },
      { Attributes: { big: "x".repeat(32_768) } },
    ];
    for (const extra of attempts) {
      await expect(startChat(extra)).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    await expect(startChat({ ChatDurationInMinutes: 60 })).resolves.toHaveProperty("ContactId");
  });

  it("returns the same contact for a repeated ClientToken and refuses it with other input", async () => {
    const first = await startChat({ ClientToken: "token-1" });
    const again = await startChat({ ClientToken: "token-1" });
    expect(again.ContactId).toBe(first.ContactId);
    await expect(
      startChat({ ClientToken: "token-1", Attributes: { other: "1" } }),
    ).rejects.toMatchObject({ name: "IdempotencyException", $metadata: { httpStatusCode: 409 } });
  });

  it("links RelatedContactId and copies the related contact's attributes", async () => {
    const voice = emulator.control.placeVoiceCall({ attributes: { ivr: "billing" } });
    const chat = await startChat({ RelatedContactId: voice.id, Attributes: { extra: "1" } });
    const attributes = await clients.connect.send(
      new GetContactAttributesCommand({ InstanceId, InitialContactId: chat.ContactId }),
    );
    expect(attributes.Attributes).toEqual({ ivr: "billing", extra: "1" });
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId, ContactId: chat.ContactId }),
    );
    expect(described.Contact?.RelatedContactId).toBe(voice.id);
    await expect(startChat({ RelatedContactId: "nope" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("continues an ended chat with PersistentChat and carries its transcript", async () => {
    const first = await startChat({
      InitialMessage: { ContentType: "text/plain", Content: "first visit" },
    });
    await clients.connect.send(new StopContactCommand({ InstanceId, ContactId: first.ContactId }));
    const second = await startChat({
      PersistentChat: { RehydrationType: "ENTIRE_PAST_SESSION", SourceContactId: first.ContactId },
    });
    expect(second.ContinuedFromContactId).toBe(first.ContactId);
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId, ContactId: second.ContactId }),
    );
    expect(described.Contact?.RelatedContactId).toBe(first.ContactId);
    const connection = await clients.participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: second.ParticipantToken,
        Type: ["CONNECTION_CREDENTIALS"],
      }),
    );
    const transcript = await clients.participant.send(
      new GetTranscriptCommand({
        ConnectionToken: connection.ConnectionCredentials?.ConnectionToken,
        ContactId: first.ContactId,
        MaxResults: 100,
      }),
    );
    expect(transcript.Transcript?.some((item) => item.Content === "first visit")).toBe(true);
    await expect(
      startChat({
        RelatedContactId: first.ContactId,
        PersistentChat: { RehydrationType: "FROM_SEGMENT", SourceContactId: first.ContactId },
      }),
    ).rejects.toMatchObject({ name: "InvalidRequestException" });
  });

  it("reports an unknown flow or instance as ResourceNotFoundException", async () => {
    await expect(startChat({ ContactFlowId: "missing" })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe("StartOutboundChatContact and StopContact", () => {
  it("starts an SMS chat whose customer is already connected", async () => {
    const started = await clients.connect.send(
      new StartOutboundChatContactCommand({
        InstanceId,
        ContactFlowId,
        SourceEndpoint: {
          Type: "CONNECT_PHONENUMBER_ARN",
          Address: "arn:aws:connect:eu-west-2:111122223333:phone-number/1",
        },
        DestinationEndpoint: { Type: "TELEPHONE_NUMBER", Address: "+447700900123" },
        SegmentAttributes: { "connect:Subtype": { ValueString: "connect:SMS" } },
        InitialSystemMessage: { ContentType: "text/plain", Content: "Hi from support" },
      }),
    );
    const contact = emulator.control.contacts().find((c) => c.id === started.ContactId);
    expect(contact?.initiationMethod).toBe("OUTBOUND");
    expect(emulator.control.transcript(started.ContactId ?? "").map((i) => i.Content)).toContain(
      "Hi from support",
    );
  });

  it("stops a chat, ending it for the customer, and reports a stopped contact as 410", async () => {
    const started = await startChat();
    await clients.connect.send(
      new StopContactCommand({ InstanceId, ContactId: started.ContactId }),
    );
    const described = await clients.connect.send(
      new DescribeContactCommand({ InstanceId, ContactId: started.ContactId }),
    );
    expect(described.Contact?.DisconnectTimestamp).toBeInstanceOf(Date);
    await expect(
      clients.connect.send(new StopContactCommand({ InstanceId, ContactId: started.ContactId })),
    ).rejects.toMatchObject({
      name: "ContactNotFoundException",
      $metadata: { httpStatusCode: 410 },
    });
    await expect(
      clients.participant.send(
        new CreateParticipantConnectionCommand({
          ParticipantToken: started.ParticipantToken,
          Type: ["WEBSOCKET"],
        }),
      ),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  it("answers an unknown contact with ResourceNotFoundException", async () => {
    await expect(
      clients.connect.send(new DescribeContactCommand({ InstanceId, ContactId: "does-not-exist" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("ends the chat when the customer disconnects", async () => {
    const started = await startChat();
    const connection = await clients.participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: started.ParticipantToken,
        Type: ["CONNECTION_CREDENTIALS"],
      }),
    );
    const ConnectionToken = connection.ConnectionCredentials?.ConnectionToken;
    await clients.participant.send(new DisconnectParticipantCommand({ ConnectionToken }));
    const items = emulator.control.transcript(started.ContactId ?? "");
    expect(items.map((item) => item.ContentType).slice(-2)).toEqual([
      "application/vnd.amazonaws.connect.event.participant.left",
      "application/vnd.amazonaws.connect.event.chat.ended",
    ]);
  });
});
