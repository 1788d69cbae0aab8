import { Logger } from "@aws-lambda-powertools/logger";
import { channelsConfigFromEnvironment } from "../config/channels-config.ts";
import { relayConfigFromEnvironment } from "../config/relay-config.ts";
import { relayChatItem } from "../core/relay/relay-chat-item.ts";
import type { RelayOutcome } from "../core/relay/relay-outcome.ts";
import { configuredChannels } from "../functions/shared/configured-channels.ts";
import { LoggedChatNotices } from "./logged-chat-notices.ts";
import { createSnsHandler } from "./sns-handler.ts";
import { wireRelay } from "./wire.ts";

let wired: ((event: unknown) => Promise<{ outcomes: RelayOutcome[] }>) | undefined;

/** The SNS-subscribed Lambda entry point; dependencies are built once per cold start. */
export async function handler(event: unknown): Promise<{ outcomes: RelayOutcome[] }> {
  wired ??= build();
  return wired(event);
}

function build() {
  const logger = new Logger({ serviceName: "relay" });
  const clock = { now: () => new Date() };
  const channels = configuredChannels(channelsConfigFromEnvironment(), clock);
  const deps = wireRelay({
    config: relayConfigFromEnvironment(),
    channels,
    notices: new LoggedChatNotices(logger),
    clock,
  });
  return createSnsHandler({ relay: (item) => relayChatItem(deps, item), logger });
}
