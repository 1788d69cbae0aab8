import { DescribeContactCommand } from "@aws-sdk/client-connect";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { inject } from "vitest";
import { DynamoFunnelRecorder } from "../../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoThresholdPolicyStore } from "../../adapters/dynamodb/dynamo-threshold-policy-store.ts";
import { TwilioSender } from "../../adapters/twilio/send.ts";
import { loadDeflectConfig } from "../../config/deflect-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import { parseQueuePolicy, type QueuePolicyInput } from "../../core/policy/queue-policy.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { addFlowFiles } from "../../emulators/connect/flow-files.ts";
import { sdkClients } from "../../emulators/connect/test-support/clients.ts";
import { ManualClock } from "../../emulators/shared-http/clock.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { allFlows } from "../../flows/all-flows.ts";
import { createDeflectHandler } from "../../functions/deflect/deflect-handler.ts";
import { wireDeflection } from "../../functions/deflect/wire.ts";
import { freshTable } from "../support/dynamo-table.ts";

export const INSTANCE_ID = "44444444-5555-6666-7777-888888888888";
export const WHATSAPP_TEMPLATE = "HX0000000000000000000000000000000a";
export const BUSINESS_NUMBER = "+15005550006";

/**
 * The local world the deflect acceptance tests run in: dynalite, the Connect emulator running
 * the product's own flows with the real deflect handler behind its Lambda endpoint, and the
 * Twilio emulator the handler sends through.
 */
export async function startDeflectWorld(options: { budgetMs?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 5, 10, 11, 0, 0));
  const { documentClient, tableName } = await freshTable("deflect");
  // The flows and the handler's answers are under test, not the account's quotas: the
  // tests place calls faster than a default account allows GetContactMetrics (2 a second).
  const connect: ConnectEmulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: {
      instanceId: INSTANCE_ID,
      queues: [{ name: "Support" }],
      routingProfiles: [{ name: "Voice", queues: [{ queue: "Support", channel: "VOICE" }] }],
      agents: [{ username: "agent-1", routingProfile: "Voice", status: "Offline" }],
    },
  });
  addFlowFiles(
    connect.instance,
    allFlows({ queue: "Support", recheckSeconds: 30, maxOffers: 2 }).map((f) => ({
      name: f.name,
      content: f.content,
    })),
  );
  const twilio: TwilioEmulator = await startTwilioEmulator({
    contentTemplates: {
      [WHATSAPP_TEMPLATE]:
        "{{1}}: reply here to carry on with an agent. Your wait was about {{2}} minutes.",
    },
    statusStepMs: 10_000_000,
  });
  const now = () => new Date(clock.now());
  const twilioOptions = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiOrigin: twilio.url,
    clock: { now },
  };
  const channels = new Map<ChannelKind, OutboundChannel>([
    ["sms", new TwilioSender("sms", { ...twilioOptions, from: BUSINESS_NUMBER })],
    [
      "whatsapp",
      new TwilioSender("whatsapp", { ...twilioOptions, from: `whatsapp:${BUSINESS_NUMBER}` }),
    ],
  ]);
  const config = loadDeflectConfig({
    DEFLECT_TABLE_NAME: tableName,
    DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    DEFLECT_CONNECT_ENDPOINT: connect.url,
    AWS_REGION: "eu-west-2",
    DEFLECT_WHATSAPP_TEMPLATE_SID: WHATSAPP_TEMPLATE,
    DEFLECT_BRAND_NAME: "Acme",
    DEFLECT_BUDGET_MS: String(options.budgetMs ?? 3000),
  });
  const deflection = wireDeflection({ config, channels, clock: { now } });
  const logged: string[] = [];
  const handler = createDeflectHandler({
    deflection,
    budgetMs: config.budgetMs,
    logger: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
  });
  connect.registerFunction("deflect", handler);
  const policies = new DynamoThresholdPolicyStore({ documentClient, tableName });
  const funnel = new DynamoFunnelRecorder({ documentClient, tableName });
  const queueId = connect.instance.instance.requireQueue("Support").id;
  const clients = sdkClients(connect.url);

  return {
    clock,
    connect,
    twilio,
    /** The world's table, for a handler wired from the environment (the Lambda entry). */
    tableName,
    deflection,
    logged,
    queueId,
    clients,
    async setPolicy(patch: Partial<QueuePolicyInput> = {}) {
      await policies.putPolicy(
        parseQueuePolicy({
          queueId,
          timeZone: "Europe/London",
          channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
          ...patch,
        }),
      );
      // Instances cache policies for the refresh interval; let that pass so the change shows.
      await clock.advanceAsync(6000);
    },
    setWait(seconds: number) {
      connect.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds });
    },
    /** Places a call into the voice-deflection flow and lets it play out. */
    async call(
      options: {
        number?: string;
        press?: string;
        afterSeconds?: number;
        attributes?: Record<string, string>;
        /** The offer's action in the call's language ("offer-es-US" for a Spanish call). */
        offerAction?: string;
      } = {},
    ) {
      const contact = connect.control.placeVoiceCall({
        flow: "voice-deflection",
        customerNumber: options.number ?? "+447911123456",
        ...(options.attributes ? { attributes: options.attributes } : {}),
        caller: {
          steps: options.press
            ? [{ press: options.press, afterSeconds: 1, forAction: options.offerAction ?? "offer" }]
            : [],
          promptSeconds: 3,
        },
      });
      await clock.advanceAsync((options.afterSeconds ?? 30) * 1000);
      return contact;
    },
    funnelCounts: () => funnel.counts(queueId),
    /** The contact-flow event Connect would send for this call with these parameters. */
    flowEvent(contactId: string, number: string, parameters: Record<string, string>) {
      const instanceArn = `arn:aws:connect:eu-west-2:111122223333:instance/${INSTANCE_ID}`;
      return {
        Name: "ContactFlowEvent",
        Details: {
          ContactData: {
            Attributes: {},
            Channel: "VOICE",
            ContactId: contactId,
            InstanceARN: instanceArn,
            CustomerEndpoint: { Address: number, Type: "TELEPHONE_NUMBER" },
            Queue: { ARN: `${instanceArn}/queue/${queueId}`, Name: "Support" },
          },
          Parameters: parameters,
        },
      };
    },
    async invoke(event: unknown) {
      const started = performance.now();
      const out = await clients.lambda.send(
        new InvokeCommand({ FunctionName: "deflect", Payload: JSON.stringify(event) }),
      );
      const answer = JSON.parse(new TextDecoder().decode(out.Payload)) as Record<string, string>;
      return { answer, elapsedMs: performance.now() - started };
    },
    heard(contactId: string) {
      return connect.control.flowTrace(contactId).heard.map((h) => h.content);
    },
    async describe(contactId: string) {
      const { Contact } = await clients.connect.send(
        new DescribeContactCommand({ InstanceId: INSTANCE_ID, ContactId: contactId }),
      );
      return Contact;
    },
    async close() {
      await connect.close();
      await twilio.close();
      documentClient.destroy();
    },
  };
}

export type DeflectWorld = Awaited<ReturnType<typeof startDeflectWorld>>;
