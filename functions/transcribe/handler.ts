import { Logger } from "@aws-lambda-powertools/logger";
import { transcribeConfigFromEnvironmentWithSecrets } from "../../config/transcribe-config.ts";
import { createTranscribeHandler, type WorkerContext } from "./transcribe-handler.ts";
import { wireTranscribe } from "./wire.ts";

let wired: Promise<ReturnType<typeof createTranscribeHandler>> | undefined;

/** The transcript worker's entry point (an asynchronous invoke per call); wired once per cold start. */
export async function handler(event: unknown, context: WorkerContext): Promise<void> {
  wired ??= build().catch((error: unknown) => {
    // A failed start (the secret unreadable) is retried by the next invocation.
    wired = undefined;
    throw error;
  });
  return (await wired)(event, context);
}

async function build() {
  const config = await transcribeConfigFromEnvironmentWithSecrets();
  return createTranscribeHandler({
    capture: wireTranscribe({ config }),
    capMs: config.capSeconds * 1000,
    logger: new Logger({ serviceName: "transcribe" }),
  });
}
