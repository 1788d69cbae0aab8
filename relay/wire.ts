import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { ConnectChatNotices } from "../adapters/connect/connect-chat-notices.ts";
import { ConnectParticipantService } from "../adapters/connect/connect-participant-service.ts";
import { paceClient } from "../adapters/connect/paced-calls.ts";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoChatConnectionStore } from "../adapters/dynamodb/dynamo-chat-connection-store.ts";
import { DynamoFunnelRecorder } from "../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoIdempotencyStore } from "../adapters/dynamodb/dynamo-idempotency-store.ts";
import { DynamoRelayCursorStore } from "../adapters/dynamodb/dynamo-relay-cursor-store.ts";
import { DynamoSessionStore } from "../adapters/dynamodb/dynamo-session-store.ts";
import type { RelayConfig } from "../config/relay-config.ts";
import type { ChannelKind } from "../core/channel.ts";
import type { ChatNotices } from "../core/ports/chat-notices.ts";
import { type Clock, systemClock } from "../core/ports/clock.ts";
import type { FunnelRecorder } from "../core/ports/funnel-recorder.ts";
import type { OutboundChannel } from "../core/ports/messenger-channel.ts";
import { customerConnectionToken } from "../core/relay/customer-connection.ts";
import type { RelayDeps } from "../core/relay/relay-deps.ts";
import { awsClientOptions, connectClientOptions } from "../functions/shared/aws-client-options.ts";
import { connectPacer } from "../functions/shared/connect-pacing.ts";
import { funnelFanOut } from "../functions/shared/funnel-fan-out.ts";

/**
 * Builds the relay's dependencies from its configuration, once per process. Channels come in
 * from outside, so the Lambda, the local subscriber and tests share this.
 */
export function wireRelay(options: {
  config: RelayConfig;
  channels: ReadonlyMap<ChannelKind, OutboundChannel>;
  /** Defaults to notices posted into the chat through the customer's connection. */
  notices?: ChatNotices;
  clock?: Clock;
  /** Also records the funnel here (the Lambda's CloudWatch metrics), besides the table. */
  funnelMetrics?: FunnelRecorder;
}): RelayDeps {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const { documentClient } = createDocumentClients(
    awsClientOptions(config.region, config.dynamoEndpoint),
  );
  const table = { documentClient, tableName: config.tableName };
  const participant = new ConnectParticipantClient(
    connectClientOptions(config.region, config.connectParticipantEndpoint),
  );
  // A call that waits longer fails, and the notification is redelivered.
  paceClient(
    participant,
    connectPacer({ ...table, pacing: config.connectPacing, maxWaitMs: 10_000 }),
  );
  // The relay acts only as the chat's customer: the Participant Service, no Connect client.
  const chats = new ConnectParticipantService({ participant });
  const connections = new DynamoChatConnectionStore({
    ...table,
    clock,
    encryptionKey: config.tokenKey,
  });
  const notices =
    options.notices ??
    new ConnectChatNotices({
      chats,
      connectionToken: (chatContactId) =>
        customerConnectionToken({ chats, connections, clock }, { chatContactId }),
    });
  return {
    sessions: new DynamoSessionStore({ ...table, clock }),
    claims: new DynamoIdempotencyStore({ ...table, clock }),
    chats,
    connections,
    notices,
    cursors: new DynamoRelayCursorStore({ ...table, clock }),
    funnel: funnelFanOut(new DynamoFunnelRecorder(table), options.funnelMetrics),
    channels: options.channels,
    clock,
    relayingSince: clock.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    settings: {
      brandName: config.brandName,
      closingText: config.closingText,
      claimLeaseSeconds: config.claimLeaseSeconds,
      orderSettleMs: config.orderSettleMs,
      notificationFreshMs: config.notificationFreshMs,
      agentReplyTemplates: config.whatsAppReplyTemplateSid
        ? { whatsapp: config.whatsAppReplyTemplateSid }
        : {},
    },
  };
}
