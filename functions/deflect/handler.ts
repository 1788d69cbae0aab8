import { channelsConfigFromEnvironmentWithSecrets } from "../../config/channels-config.ts";
import { deflectConfigFromEnvironmentWithSecrets } from "../../config/deflect-config.ts";
import { systemClock } from "../../core/ports/clock.ts";
import { flowContactId } from "../shared/contact-flow-event.ts";
import { lambdaEntry } from "../shared/lambda-entry.ts";
import { createDeflectHandler } from "./deflect-handler.ts";
import type { FlowAnswer } from "./flow-answer.ts";
import { deflectChannels, wireDeflection } from "./wire.ts";

/** The contact-flow Lambda entry point; the voice contact is each log line's correlation id. */
export const handler = lambdaEntry<unknown, FlowAnswer>({
  service: "deflect",
  correlationId: flowContactId,
  async build({ logger, metrics, funnelMetrics }) {
    const config = await deflectConfigFromEnvironmentWithSecrets();
    const clock = systemClock;
    const channels = deflectChannels(await channelsConfigFromEnvironmentWithSecrets(), {
      budgetMs: config.budgetMs,
      clock,
      logger,
    });
    return createDeflectHandler({
      deflection: wireDeflection({ config, channels, clock, funnelMetrics }),
      budgetMs: config.budgetMs,
      logger,
      metrics,
    });
  },
});
