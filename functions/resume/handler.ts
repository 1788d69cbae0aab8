import { Logger } from "@aws-lambda-powertools/logger";
import { channelsConfigFromEnvironmentWithSecrets } from "../../config/channels-config.ts";
import { resumeConfigFromEnvironmentWithSecrets } from "../../config/resume-config.ts";
import { createResumeHandler } from "./resume-handler.ts";
import { wireResume } from "./wire.ts";

let wired: Promise<ReturnType<typeof createResumeHandler>> | undefined;

/** The resume Lambda entry point (the table's stream, or a direct invoke); wired once per cold start. */
export async function handler(event: unknown) {
  wired ??= build().catch((error: unknown) => {
    // A failed start (the secret unreadable) is retried by the next invocation.
    wired = undefined;
    throw error;
  });
  return (await wired)(event);
}

async function build() {
  return createResumeHandler({
    resume: wireResume({
      config: await resumeConfigFromEnvironmentWithSecrets(),
      // The platforms' credentials, to fetch the files customers send.
      channels: await channelsConfigFromEnvironmentWithSecrets(),
    }),
    logger: new Logger({ serviceName: "resume" }),
  });
}
