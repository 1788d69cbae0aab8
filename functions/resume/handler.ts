import { Logger } from "@aws-lambda-powertools/logger";
import { resumeConfigFromEnvironment } from "../../config/resume-config.ts";
import { createResumeHandler } from "./resume-handler.ts";
import { wireResume } from "./wire.ts";

let wired: ReturnType<typeof createResumeHandler> | undefined;

/** The resume Lambda entry point (the table's stream, or a direct invoke); wired once per cold start. */
export async function handler(event: unknown) {
  wired ??= createResumeHandler({
    resume: wireResume({ config: resumeConfigFromEnvironment() }),
    logger: new Logger({ serviceName: "resume" }),
  });
  return wired(event);
}
