import { Logger } from "@aws-lambda-powertools/logger";
import { channelsConfigFromEnvironment } from "../../config/channels-config.ts";
import { deflectConfigFromEnvironment } from "../../config/deflect-config.ts";
import { configuredChannels } from "../shared/configured-channels.ts";
import { createDeflectHandler } from "./deflect-handler.ts";
import type { FlowAnswer } from "./flow-answer.ts";
import { wireDeflection } from "./wire.ts";

let wired: ((event: unknown) => Promise<FlowAnswer>) | undefined;

/** The contact-flow Lambda entry point; dependencies are built once per cold start. */
export async function handler(event: unknown): Promise<FlowAnswer> {
  wired ??= build();
  return wired(event);
}

function build() {
  const config = deflectConfigFromEnvironment();
  const clock = { now: () => new Date() };
  const channels = configuredChannels(channelsConfigFromEnvironment(), clock);
  return createDeflectHandler({
    deflection: wireDeflection({ config, channels, clock }),
    budgetMs: config.budgetMs,
    logger: new Logger({ serviceName: "deflect" }),
  });
}
