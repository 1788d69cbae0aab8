import { channelsConfigFromEnvironmentWithSecrets } from "../config/channels-config.ts";
import { relayConfigFromEnvironmentWithSecrets } from "../config/relay-config.ts";
import { systemClock } from "../core/ports/clock.ts";
import { relayChatItem } from "../core/relay/relay-chat-item.ts";
import { configuredOutboundChannels } from "../functions/shared/configured-outbound-channels.ts";
import { lambdaEntry } from "../functions/shared/lambda-entry.ts";
import { createSnsHandler, snsChatContactId } from "./sns-handler.ts";
import { wireRelay } from "./wire.ts";

/** The SNS-subscribed Lambda entry point; the chat contact is each log line's correlation id. */
export const handler = lambdaEntry({
  service: "relay",
  correlationId: snsChatContactId,
  async build({ logger, metrics, funnelMetrics }) {
    const clock = systemClock;
    const channels = configuredOutboundChannels(await channelsConfigFromEnvironmentWithSecrets(), {
      clock,
      logger,
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
