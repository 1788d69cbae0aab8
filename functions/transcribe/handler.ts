import { Logger } from "@aws-lambda-powertools/logger";
import { transcribeConfigFromEnvironmentWithSecrets } from "../../config/transcribe-config.ts";
import { createTranscribeFunction, type TranscribeContext } from "./transcribe-function.ts";

let wired: Promise<ReturnType<typeof createTranscribeFunction>> | undefined;

/**
 * The transcript worker's entry point: the contact flow's step that starts it (a contact-flow
 * event), and the worker itself (the asynchronous invoke that step makes). Wired once per
 * cold start.
 */
export async function handler(event: unknown, context: TranscribeContext) {
  wired ??= build().catch((error: unknown) => {
    // A failed start (the secret unreadable) is retried by the next invocation.
    wired = undefined;
    throw error;
  });
  return (await wired)(event, context);
}

async function build() {
  return createTranscribeFunction({
    config: await transcribeConfigFromEnvironmentWithSecrets(),
    logger: new Logger({ serviceName: "transcribe" }),
  });
}
