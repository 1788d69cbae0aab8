import { Logger } from "@aws-lambda-powertools/logger";
import { channelsConfigFromEnvironmentWithSecrets } from "../config/channels-config.ts";
import { relayConfigFromEnvironmentWithSecrets } from "../config/relay-config.ts";
import { relayChatItem } from "../core/relay/relay-chat-item.ts";
import type { RelayOutcome } from "../core/relay/relay-outcome.ts";
import { configuredOutboundChannels } from "../functions/shared/configured-outbound-channels.ts";
import { createSnsHandler } from "./sns-handler.ts";
import { wireRelay } from "./wire.ts";

type RelayHandler = (event: unknown) => Promise<{ outcomes: RelayOutcome[] }>;

let wired: Promise<RelayHandler> | undefined;

/** The SNS-subscribed Lambda entry point; dependencies are built once per cold start. */
export async function handler(event: unknown): Promise<{ outcomes: RelayOutcome[] }> {
  wired ??= build().catch((error: unknown) => {
    // A failed start (the secret unreadable) is retried by the next invocation.
    wired = undefined;
    throw error;
  });
  return (await wired)(event);
}

async function build(): Promise<RelayHandler> {
  const logger = new Logger({ serviceName: "relay" });
  const clock = { now: () => new Date() };
  const channels = configuredOutboundChannels(
    await channelsConfigFromEnvironmentWithSecrets(),
    clock,
  );
  const deps = wireRelay({
    config: await relayConfigFromEnvironmentWithSecrets(),
    channels,
    clock,
  });
  return createSnsHandler({ relay: (item) => relayChatItem(deps, item), logger });
}
