import { DescribeContactCommand, GetContactAttributesCommand } from "@aws-sdk/client-connect";
import { GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import { inject } from "vitest";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { DynamoTranscriptSource } from "../../adapters/dynamodb/dynamo-transcript-source.ts";
import { loadResumeConfig } from "../../config/resume-config.ts";
import type { ChannelKind } from "../../core/channel.ts";
import type { CustomerReply } from "../../core/resume/customer-reply.ts";
import { newSession, transition } from "../../core/session/deflection-session.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";
import { createResumeHandler } from "../../functions/resume/resume-handler.ts";
import { wireResume } from "../../functions/resume/wire.ts";
import { freshTable } from "../support/dynamo-table.ts";

export const RELAY_TOPIC = "arn:aws:sns:eu-west-2:111122223333:deflect-relay";
const INSTANCE_ID = testInstance.instanceId;

/**
 * dynalite and the Connect emulator, with resume wired from its configuration as in Lambda.
 * `env` adds to or overrides the resume function's environment; `maxActiveChats` sets the
 * emulator's limit of active chats.
 */
export async function startResumeWorld(
  options: { env?: Record<string, string>; maxActiveChats?: number } = {},
) {
  const table = await freshTable("resume");
  const connect: ConnectEmulator = await startConnectEmulator({
    instance: testInstance,
    ...(options.maxActiveChats ? { maxActiveChats: options.maxActiveChats } : {}),
  });
  const config = loadResumeConfig({
    AWS_REGION: "eu-west-2",
    DEFLECT_TABLE_NAME: table.tableName,
    DEFLECT_DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    DEFLECT_CONNECT_ENDPOINT: connect.url,
    DEFLECT_RESUME_CONTACT_FLOW_ID: testInstance.flows[0]?.id,
    DEFLECT_RESUME_RELAY_TOPIC_ARN: RELAY_TOPIC,
    DEFLECT_RESUME_TOKEN_KEY: Buffer.alloc(32, 9).toString("base64"),
    DEFLECT_REDACT_PATTERNS: JSON.stringify(["ORDER-\\d{6}"]),
    ...options.env,
  });
  const resume = wireResume({ config });
  const logged: string[] = [];
  const handler = createResumeHandler({
    resume,
    logger: {
      info: () => {},
      warn: (m) => logged.push(m),
      error: (m) => logged.push(m),
    },
  });
  const sessions = new DynamoSessionStore({ ...table, clock: { now: () => new Date() } });
  const transcripts = new DynamoTranscriptSource(table);
  const clients = sdkClients(connect.url);

  return {
    table,
    connect,
    resume,
    handler,
    logged,
    sessions,
    transcripts,
    /** A call deflected to `channel`, its first message sent: status message-sent. */
    async deflectedSession(options: { handle: string; channel?: ChannelKind }) {
      const voice = connect.control.placeVoiceCall({ attributes: { reason: "billing" } });
      const channel = options.channel ?? "whatsapp";
      const accepted = newSession({
        voiceContactId: voice.id,
        instanceId: INSTANCE_ID,
        queueId: testInstance.queues[0]?.id ?? "",
        channel,
        address: { channel, handle: options.handle },
        contextAttributes: { reason: "billing", account: "premium" },
        offeredWaitSeconds: 900,
        status: "accepted",
        at: new Date(),
      });
      await sessions.createSession(accepted);
      const sent = transition(accepted, {
        to: "message-sent",
        at: new Date(),
        outboundMessageId: "SM1",
      });
      await sessions.saveTransition(accepted, sent);
      return sent;
    },
    reply(handle: string, id: string, text: string): CustomerReply {
      return {
        provider: "twilio",
        providerMessageId: id,
        from: { channel: "whatsapp", handle },
        text,
        mediaCount: 0,
        profileName: "Sam",
      };
    },
    chatContacts() {
      return connect.control.contacts().filter((c) => c.channel === "CHAT");
    },
    /** The chat's transcript as the customer participant reads it, oldest first. */
    async transcript(chatContactId: string) {
      const connection = await resume.connections.getConnection(chatContactId);
      const page = await clients.participant.send(
        new GetTranscriptCommand({
          ConnectionToken: connection?.connectionToken,
          ContactId: chatContactId,
          MaxResults: 100,
          SortOrder: "ASCENDING",
        }),
      );
      return (page.Transcript ?? []).filter((item) => item.Type === "MESSAGE");
    },
    async describe(contactId: string) {
      const { Contact } = await clients.connect.send(
        new DescribeContactCommand({ InstanceId: INSTANCE_ID, ContactId: contactId }),
      );
      return Contact;
    },
    async attributes(contactId: string) {
      const { Attributes } = await clients.connect.send(
        new GetContactAttributesCommand({ InstanceId: INSTANCE_ID, InitialContactId: contactId }),
      );
      return Attributes ?? {};
    },
    async close() {
      await connect.close();
      table.documentClient.destroy();
    },
  };
}

export type ResumeWorld = Awaited<ReturnType<typeof startResumeWorld>>;
