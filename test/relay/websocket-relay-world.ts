import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { StartChatContactCommand } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { inject } from "vitest";
import { DynamoLiveChatList } from "../../adapters/dynamodb/dynamo-live-chat-list.ts";
import { TwilioSender } from "../../adapters/twilio/send.ts";
import { loadRelayConfig } from "../../config/relay-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { OutboundChannel } from "../../core/ports/messenger-channel.ts";
import type { RelayOutcome } from "../../core/relay/relay-outcome.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { startTwilioEmulator } from "../../emulators/twilio/index.ts";
import {
  type RunningWebsocketRelay,
  startWebsocketRelay,
} from "../../relay/websocket/websocket-relay.ts";
import { wireRelay } from "../../relay/wire.ts";
import { freshTable } from "../support/dynamo-table.ts";

const BUSINESS_NUMBER = "+15005550006";
const InstanceId = testInstance.instanceId;
const instance = {
  ...testInstance,
  routingProfiles: testInstance.routingProfiles.map((p) => ({ ...p, concurrency: { CHAT: 10 } })),
};

/**
 * The websocket relay's local world: dynalite with the real stores, the Twilio emulator
 * behind the real SMS channel, and the Connect emulator serving participant websockets. No
 * chat streams anywhere: the relay learns of chats from the live chat list only.
 */
export async function startWebsocketRelayWorld() {
  const { documentClient, tableName } = await freshTable("ws-relay");
  const twilio = await startTwilioEmulator({ statusStepMs: 10_000_000 });
  const channels = new Map<ChannelKind, OutboundChannel>([
    [
      "sms",
      new TwilioSender("sms", {
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        apiOrigin: twilio.url,
        from: BUSINESS_NUMBER,
      }),
    ],
  ]);
  const connect = await startConnectEmulator({ instance });
  const config = loadRelayConfig({
    DEFLECT_TABLE_NAME: tableName,
    DEFLECT_CONNECT_ENDPOINT: connect.url,
    DEFLECT_RESUME_TOKEN_KEY: Buffer.alloc(32, 9).toString("base64"),
    DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    DEFLECT_BRAND_NAME: "Acme",
    DEFLECT_RELAY_CLAIM_LEASE_SECONDS: "30",
  });
  const clock = { now: () => new Date() };
  const deps = wireRelay({ config, channels, clock });
  const liveChats = new DynamoLiveChatList({ documentClient, tableName, clock });
  const outcomes = new Map<string, RelayOutcome>();
  const logged: string[] = [];
  const logger = {
    warn: (message: string) => void logged.push(message),
    error: (message: string) => void logged.push(message),
  };
  const clients = sdkClients(connect.url);
  const running: RunningWebsocketRelay[] = [];

  return {
    twilio,
    connect,
    deps,
    liveChats,
    outcomes,
    logged,
    /**
     * A relay process on the shared table, polling fast and retrying within a test's time.
     * `watched: false` starts it as `relay/websocket/main.ts` does, with nobody listening for
     * outcomes.
     */
    startRelay(options: { watched?: boolean } = {}): RunningWebsocketRelay {
      const relay = startWebsocketRelay({
        deps,
        liveChats,
        logger,
        signals: new EventEmitter(),
        pollMs: 50,
        drainTimeoutMs: 2_000,
        catchUp: { baseMs: 100, maxMs: 400 },
        ...(options.watched === false
          ? {}
          : { onOutcome: (outcome, item) => void outcomes.set(item.id, outcome) }),
      });
      running.push(relay);
      return relay;
    },
    /** A chat resumed for a deflected SMS caller, as resume leaves it: stored and listed. */
    async openChat(handle: string) {
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
      await deps.connections.saveConnection({
        chatContactId: contactId,
        voiceContactId,
        participantId: started.ParticipantId ?? "",
        participantToken: started.ParticipantToken ?? "",
        connectionToken: connection.ConnectionCredentials?.ConnectionToken ?? "",
        connectionExpiresAt: connection.ConnectionCredentials?.Expiry ?? "",
      });
      const replied = new Date(Date.now() - 3_600_000);
      let session = newSession({
        voiceContactId,
        instanceId: InstanceId,
        queueId: "queue-1",
        channel: "sms",
        address: { channel: "sms", handle },
        status: "accepted",
        at: new Date(replied.getTime() - 60_000),
      });
      session = transition(session, { to: "message-sent", at: replied });
      session = transition(session, { to: "replied", at: replied });
      session = transition(session, { to: "chat-started", at: replied, chatContactId: contactId });
      await deps.sessions.createSession(session);
      await deps.sessions.linkChat(contactId, voiceContactId);
      await liveChats.add(contactId);
      return { contactId, voiceContactId };
    },
    async close() {
      await Promise.all(running.map((relay) => relay.stop()));
      await connect.close();
      await twilio.close();
      documentClient.destroy();
    },
  };
}

export type WebsocketRelayWorld = Awaited<ReturnType<typeof startWebsocketRelayWorld>>;
