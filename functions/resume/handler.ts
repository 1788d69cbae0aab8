import { channelsConfigFromEnvironmentWithSecrets } from "../../config/channels-config.ts";
import { resumeConfigFromEnvironmentWithSecrets } from "../../config/resume-config.ts";
import { lambdaEntry } from "../shared/lambda-entry.ts";
import { createResumeHandler } from "./resume-handler.ts";
import { wireResume } from "./wire.ts";

/**
 * The resume Lambda entry point (the table's stream, or a direct invoke). No correlation id
 * for the invocation: a stream batch mixes customers, and a message's contact is known once
 * it is routed (that line carries it).
 */
export const handler = lambdaEntry({
  service: "resume",
  async build({ logger, metrics, funnelMetrics }) {
    return createResumeHandler({
      resume: wireResume({
        config: await resumeConfigFromEnvironmentWithSecrets(),
        // The platforms' credentials, to fetch the files customers send.
        channels: await channelsConfigFromEnvironmentWithSecrets(),
        funnelMetrics,
        logger,
      }),
      logger,
      metrics,
    });
  },
});
