import { Logger } from "@aws-lambda-powertools/logger";
import { channelsConfigFromEnvironmentWithSecrets } from "../../config/channels-config.ts";
import { deflectConfigFromEnvironmentWithSecrets } from "../../config/deflect-config.ts";
import { configuredOutboundChannels } from "../shared/configured-outbound-channels.ts";
import { createDeflectHandler } from "./deflect-handler.ts";
import type { FlowAnswer } from "./flow-answer.ts";
import { wireDeflection } from "./wire.ts";

let wired: Promise<(event: unknown) => Promise<FlowAnswer>> | undefined;

/** The contact-flow Lambda entry point; dependencies are built once per cold start. */
export async function handler(event: unknown): Promise<FlowAnswer> {
  wired ??= build().catch((error: unknown) => {
    // A failed start (the secret unreadable) is retried by the next invocation.
    wired = undefined;
    throw error;
  });
  return (await wired)(event);
}

async function build() {
  const config = await deflectConfigFromEnvironmentWithSecrets();
  const clock = { now: () => new Date() };
  const channels = configuredOutboundChannels(
    await channelsConfigFromEnvironmentWithSecrets(),
    clock,
  );
  return createDeflectHandler({
    deflection: wireDeflection({ config, channels, clock }),
    budgetMs: config.budgetMs,
    logger: new Logger({ serviceName: "deflect" }),
  });
}
