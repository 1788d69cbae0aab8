import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoFunnelRecorder } from "../adapters/dynamodb/dynamo-funnel-recorder.ts";
import { DynamoSessionStore } from "../adapters/dynamodb/dynamo-session-store.ts";
import type { RelayConfig } from "../config/relay-config.ts";
import type { ChannelKind } from "../core/channel.ts";
import type { Clock } from "../core/ports/clock.ts";
import type { MessengerChannel } from "../core/ports/messenger-channel.ts";
import type { ChatNotices } from "../core/relay/chat-notices.ts";
import type { RelayDeps } from "../core/relay/relay-deps.ts";

const systemClock: Clock = { now: () => new Date() };

// An endpoint override means dynalite: it accepts any signature and has no credential chain.
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/**
 * Builds the relay's dependencies from its configuration, once per process. Channels and
 * notices come in from outside, so the Lambda, the local subscriber and tests share this.
 */
export function wireRelay(options: {
  config: RelayConfig;
  channels: ReadonlyMap<ChannelKind, MessengerChannel>;
  notices: ChatNotices;
  clock?: Clock;
}): RelayDeps {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const { documentClient } = createDocumentClients({
    region: config.region,
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: LOCAL_CREDENTIALS }
      : {}),
  });
  const table = { documentClient, tableName: config.tableName };
  return {
    sessions: new DynamoSessionStore({ ...table, clock }),
    funnel: new DynamoFunnelRecorder(table),
    channels: options.channels,
    notices: options.notices,
    clock,
    settings: {
      brandName: config.brandName,
      closingText: config.closingText,
      claimLeaseSeconds: config.claimLeaseSeconds,
      agentReplyTemplates: config.whatsAppReplyTemplateSid
        ? { whatsapp: config.whatsAppReplyTemplateSid }
        : {},
    },
  };
}
