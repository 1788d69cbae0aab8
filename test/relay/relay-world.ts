import { randomUUID } from "node:crypto";
import { StartChatContactCommand, StartContactStreamingCommand } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { inject } from "vitest";
import { TwilioSender } from "../../adapters/twilio/send.ts";
import { loadRelayConfig } from "../../config/relay-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import type { RelayOutcome } from "../../core/relay/relay-outcome.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import type { HttpSubscriber } from "../../relay/http-subscriber.ts";
import { startLocalRelay } from "../../relay/local-relay.ts";
import { freshTable } from "../support/dynamo-table.ts";

export const REPLY_TEMPLATE = "HX00000000000000000000000000000r01";
export const BUSINESS_NUMBER = "+15005550006";
export const TOPIC_ARN = "arn:aws:sns:eu-west-2:111122223333:deflect-relay";
const HOUR_MS = 3_600_000;
const InstanceId = testInstance.instanceId;
// One agent who can hold every chat a test file opens at once.
const instance = {
  ...testInstance,
  routingProfiles: testInstance.routingProfiles.map((p) => ({ ...p, concurrency: { CHAT: 10 } })),
};

/**
 * The relay's local world: dynalite, the Twilio emulator behind the real Twilio channels, and
 * the Connect emulator streaming chat items to the relay's SNS HTTP subscriber. The relay's
 * clock runs `offsetMs` ahead of the wall clock, so a test can let a claim's lease pass.
 */
export async function startRelayWorld() {
  const { documentClient, tableName } = await freshTable("relay");
  const clockState = { offsetMs: 0 };
  const clock = { now: () => new Date(Date.now() + clockState.offsetMs) };
  const twilio: TwilioEmulator = await startTwilioEmulator({
    contentTemplates: { [REPLY_TEMPLATE]: "{{1}}: an agent replied: {{2}}" },
    statusStepMs: 10_000_000,
  });
  const twilioOptions = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    apiOrigin: twilio.url,
    clock,
  };
  const channels = new Map<ChannelKind, OutboundChannel>([
    ["sms", new TwilioSender("sms", { ...twilioOptions, from: BUSINESS_NUMBER })],
    [
      "whatsapp",
      new TwilioSender("whatsapp", { ...twilioOptions, from: `whatsapp:${BUSINESS_NUMBER}` }),
    ],
  ]);
  const connect: ConnectEmulator = await startConnectEmulator({ instance });
  // These tests play SNS's retries themselves (redeliver), one at a time.
  connect.state.streaming.setDeliveryPolicy({ numRetries: 0, retryDelayMs: 0 });
  const config = loadRelayConfig({
    DEFLECT_TABLE_NAME: tableName,
    DEFLECT_CONNECT_ENDPOINT: connect.url,
    DEFLECT_RESUME_TOKEN_KEY: Buffer.alloc(32, 9).toString("base64"),
    DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    DEFLECT_BRAND_NAME: "Acme",
    DEFLECT_RELAY_WHATSAPP_TEMPLATE_SID: REPLY_TEMPLATE,
    DEFLECT_RELAY_CLAIM_LEASE_SECONDS: "30",
    DEFLECT_RELAY_CONFIRM_SUBSCRIPTIONS: "loopback",
  });
  const outcomes = new Map<string, RelayOutcome>();
  const logged: string[] = [];
  const logger = {
    warn: (message: string) => void logged.push(message),
    error: (message: string) => void logged.push(message),
  };
  // The emulator signs deliveries with a key it serves; the relay pins it, as it would a cert.
  const keyResponse = await fetch(`${connect.url}/__emulator/sns/signing-key.pem`);
  const signingMaterialPem = await keyResponse.text();
  /** A relay process: its own wiring over the same table, as after a restart. */
  const startRelay = () =>
    startLocalRelay({
      config,
      channels,
      logger,
      clock,
      signingMaterialPem,
      onOutcome: (outcome, item) => void outcomes.set(item.id, outcome),
    });
  let relay = await startRelay();
  connect.control.subscribe(TOPIC_ARN, relay.subscriber.url);
  const clients = sdkClients(connect.url);

  return {
    twilio,
    connect,
    /** What the product posted into a chat for its agent, as the agent reads it. */
    noticesIn(chatContactId: string): string[] {
      return connect.control
        .transcript(chatContactId)
        .filter((item) => item.Content?.startsWith("[Automatic notice"))
        .map((item) => item.Content ?? "");
    },
    /** What the relay last did with each chat item, by item id. */
    outcomes,
    logged,
    clockState,
    get sessions() {
      return relay.deps.sessions;
    },
    get subscriber(): HttpSubscriber {
      return relay.subscriber;
    },
    /** Stops the relay process and starts a fresh one on the same table and topic. */
    async restartRelay() {
      await relay.subscriber.close();
      const old = relay.subscriber.url;
      relay = await startRelay();
      connect.state.streaming.unsubscribe(TOPIC_ARN, old);
      connect.control.subscribe(TOPIC_ARN, relay.subscriber.url);
    },
    /**
     * A chat resumed for a deflected caller: a session in chat-started whose customer replied
     * `repliedHoursAgo`, linked to a Connect chat that streams to the relay's topic.
     */
    async openChat(options: {
      channel: "sms" | "whatsapp";
      handle: string;
      repliedHoursAgo: number;
    }) {
      const started = await clients.connect.send(
        new StartChatContactCommand({
          InstanceId,
          ContactFlowId: testInstance.flows[0]?.id,
          ParticipantDetails: { DisplayName: "Customer" },
        }),
      );
      const contactId = started.ContactId ?? "";
      const connection = await clients.participant.send(
        new CreateParticipantConnectionCommand({
          ParticipantToken: started.ParticipantToken,
          Type: ["CONNECTION_CREDENTIALS"],
          ConnectParticipant: true,
        }),
      );
      const voiceContactId = randomUUID();
      // What resume stores for the chat: the relay reads the transcript as the customer.
      await relay.deps.connections.saveConnection({
        chatContactId: contactId,
        voiceContactId,
        participantId: started.ParticipantId ?? "",
        participantToken: started.ParticipantToken ?? "",
        connectionToken: connection.ConnectionCredentials?.ConnectionToken ?? "",
        connectionExpiresAt: connection.ConnectionCredentials?.Expiry ?? "",
      });
      const now = clock.now().getTime();
      const replied = new Date(now - options.repliedHoursAgo * HOUR_MS);
      let session = newSession({
        voiceContactId,
        instanceId: InstanceId,
        queueId: "queue-1",
        channel: options.channel,
        address: { channel: options.channel, handle: options.handle },
        status: "accepted",
        at: new Date(replied.getTime() - 60_000),
      });
      session = transition(session, { to: "message-sent", at: replied });
      session = transition(session, { to: "replied", at: replied });
      session = transition(session, { to: "chat-started", at: replied, chatContactId: contactId });
      await relay.deps.sessions.createSession(session);
      await relay.deps.sessions.linkChat(contactId, voiceContactId);
      await clients.connect.send(
        new StartContactStreamingCommand({
          InstanceId,
          ContactId: contactId,
          ChatStreamingConfiguration: { StreamingEndpointArn: TOPIC_ARN },
          ClientToken: voiceContactId,
        }),
      );
      return { contactId, voiceContactId };
    },
    /**
     * What SNS does on a failed or repeated delivery: the same envelope, POSTed again
     * (`patch` changes it on the way, as a forger would).
     */
    async redeliver(itemId: string, patch: Record<string, unknown> = {}): Promise<number> {
      const delivery = connect.control.deliveries().find((d) => d.itemId === itemId);
      if (!delivery) throw new Error(`item ${itemId} was never streamed`);
      const response = await fetch(relay.subscriber.url, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=UTF-8" },
        body: JSON.stringify({ ...delivery.envelope, ...patch }),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async close() {
      await connect.close();
      await relay.subscriber.close();
      await twilio.close();
      documentClient.destroy();
    },
  };
}

export type RelayWorld = Awaited<ReturnType<typeof startRelayWorld>>;
