import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { DynamoLiveChatList } from "../../adapters/dynamodb/dynamo-live-chat-list.ts";
import { channelsConfigFromEnvironmentWithSecrets } from "../../config/channels-config.ts";
import { relayConfigFromEnvironmentWithSecrets } from "../../config/relay-config.ts";
import { systemClock } from "../../core/ports/clock.ts";
import { CHANNEL_SENDERS } from "../../functions/shared/channel-senders.ts";
import { channelsFrom } from "../../functions/shared/channels-from.ts";
import { maskedLogger } from "../../functions/shared/masked-logger.ts";
import { wireRelay } from "../wire.ts";
import { startWebsocketRelay } from "./websocket-relay.ts";

/**
 * The websocket relay as a long-running process (a container task): `tsx relay/websocket/main.ts`.
 * It runs until SIGTERM or SIGINT, drains, and exits.
 */
async function main(): Promise<void> {
  const logger = maskedLogger("relay-websocket");
  const clock = systemClock;
  const config = await relayConfigFromEnvironmentWithSecrets();
  const channels = channelsFrom(await channelsConfigFromEnvironmentWithSecrets(), {
    clock,
    logger,
    senders: CHANNEL_SENDERS,
  });
  const deps = wireRelay({ config, channels, clock });
  // A local endpoint (dynalite) takes any signature; in AWS the default credential chain.
  const { documentClient } = createDocumentClients({
    region: config.region,
    ...(config.dynamoEndpoint
      ? {
          endpoint: config.dynamoEndpoint,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
  });
  const liveChats = new DynamoLiveChatList({ documentClient, tableName: config.tableName, clock });
  startWebsocketRelay({
    deps,
    liveChats,
    logger,
    signals: process,
    onDrained: (result, signal) => {
      logger.warn("websocket relay drained", { signal, ...result });
      process.exit(result.unfinished === 0 ? 0 : 1);
    },
  });
}

main().catch((error: unknown) => {
  console.error("the websocket relay could not start", error);
  process.exit(1);
});
