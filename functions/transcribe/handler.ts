import { transcribeConfigFromEnvironmentWithSecrets } from "../../config/transcribe-config.ts";
import { flowContactId } from "../shared/contact-flow-event.ts";
import { lambdaEntry } from "../shared/lambda-entry.ts";
import { createTranscribeFunction } from "./transcribe-function.ts";
import { transcriptionContactId } from "./transcription-event.ts";

/**
 * The transcript worker's entry point: the contact flow's step that starts it (a contact-flow
 * event), and the worker itself (the asynchronous invoke that step makes). Either way the
 * voice contact is each log line's correlation id.
 */
export const handler = lambdaEntry({
  service: "transcribe",
  correlationId: (event: unknown) => flowContactId(event) ?? transcriptionContactId(event),
  async build({ logger, metrics }) {
    return createTranscribeFunction({
      config: await transcribeConfigFromEnvironmentWithSecrets(),
      logger,
      metrics,
    });
  },
});
