import { channelsConfigFromEnvironmentWithSecrets } from "../config/channels-config.ts";
import { relayConfigFromEnvironmentWithSecrets } from "../config/relay-config.ts";
import { systemClock } from "../core/ports/clock.ts";
import { relayChatItem } from "../core/relay/relay-chat-item.ts";
import { CHANNEL_SENDERS } from "../functions/shared/channel-senders.ts";
import { channelsFrom } from "../functions/shared/channels-from.ts";
import { lambdaEntry } from "../functions/shared/lambda-entry.ts";
import { createSnsHandler, snsChatContactId } from "./sns-handler.ts";
import { wireRelay } from "./wire.ts";

/** The SNS-subscribed Lambda entry point; the chat contact is each log line's correlation id. */
export const handler = lambdaEntry({
  service: "relay",
  correlationId: snsChatContactId,
  async build({ logger, metrics, funnelMetrics }) {
    const clock = systemClock;
    const channels = channelsFrom(await channelsConfigFromEnvironmentWithSecrets(), {
      clock,
      logger,
      senders: CHANNEL_SENDERS,
    });
    const deps = wireRelay({
      config: await relayConfigFromEnvironmentWithSecrets(),
      channels,
      clock,
      funnelMetrics,
    });
    return createSnsHandler({ relay: (item) => relayChatItem(deps, item), logger, metrics });
  },
});
