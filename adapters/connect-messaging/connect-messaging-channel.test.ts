import { ConnectClient } from "@aws-sdk/client-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { testInstance } from "../../emulators/connect/test-support/clients.ts";
import { ConnectSmsChannel, ConnectWhatsAppChannel } from "./connect-messaging-channel.ts";

const CUSTOMER = "+447700900123";
const SOURCE = "arn:aws:connect:eu-west-2:111122223333:instance/x/phone-number/1";

let emulator: ConnectEmulator;
let client: ConnectClient;
let sms: ConnectSmsChannel;

beforeAll(async () => {
  emulator = await startConnectEmulator({ instance: testInstance });
  client = new ConnectClient({
    endpoint: emulator.url,
    region: "eu-west-2",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  });
  sms = new ConnectSmsChannel({
    client,
    instanceId: testInstance.instanceId,
    contactFlowId: testInstance.flows[0]?.id ?? "",
    sourcePhoneNumberArn: SOURCE,
  });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.fail("expected the send to be refused"),
    (error: unknown) => error,
  );
}

describe("Connect-native messaging through StartOutboundChatContact", () => {
  it("starts an outbound SMS chat contact whose first message is our text", async () => {
    const to = { channel: "connect-sms", handle: CUSTOMER } as const;
    const result = await sms.send({
      kind: "text",
      to,
      text: "Continue here by SMS",
      reference: "ref-1",
    });
    const contact = emulator.control.contacts().find((c) => c.id === result.providerMessageId);
    expect(contact).toMatchObject({ channel: "CHAT", initiationMethod: "OUTBOUND" });
    expect(emulator.control.transcript(result.providerMessageId).map((i) => i.Content)).toContain(
      "Continue here by SMS",
    );
  });

  it("uses our reference as ClientToken, so a retried send starts one contact", async () => {
    const to = { channel: "connect-sms", handle: CUSTOMER } as const;
    const first = await sms.send({ kind: "text", to, text: "once", reference: "ref-retry" });
    const again = await sms.send({ kind: "text", to, text: "once", reference: "ref-retry" });
    expect(again.providerMessageId).toBe(first.providerMessageId);
  });

  it("refuses a template without a configured knowledge base, and a number that is not E.164", async () => {
    const whatsApp = new ConnectWhatsAppChannel({
      client,
      instanceId: testInstance.instanceId,
      contactFlowId: testInstance.flows[0]?.id ?? "",
      sourcePhoneNumberArn: SOURCE,
    });
    const to = { channel: "connect-whatsapp", handle: CUSTOMER } as const;
    const template = whatsApp.send({
      kind: "template",
      to,
      templateId: "t",
      variables: {},
      reference: "r",
    });
    expect(await rejection(template)).toMatchObject({
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
    const bad = sms.send({
      kind: "text",
      to: { channel: "connect-sms", handle: "07700" },
      text: "x",
      reference: "r2",
    });
    expect(await rejection(bad)).toMatchObject({ details: { reason: "INVALID_ADDRESS" } });
  });

  it("reports an unknown flow as a dependency failure (our configuration)", async () => {
    const wrongFlow = new ConnectSmsChannel({
      client,
      instanceId: testInstance.instanceId,
      contactFlowId: "00000000-0000-0000-0000-00000000dead",
      sourcePhoneNumberArn: SOURCE,
    });
    const to = { channel: "connect-sms", handle: CUSTOMER } as const;
    const error = await rejection(wrongFlow.send({ kind: "text", to, text: "x", reference: "r3" }));
    expect(error).toMatchObject({
      code: "DEPENDENCY_FAILED",
      details: { providerCode: "ResourceNotFoundException" },
    });
  });

  it("refuses any webhook request: replies arrive inside Connect", async () => {
    const request = {
      method: "POST",
      publicUrl: "https://x",
      headers: {},
      query: {},
      rawBody: "{}",
    };
    await expect(sms.verifyAndParse(request)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});
