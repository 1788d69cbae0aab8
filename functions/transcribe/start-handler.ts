import { instanceIdFromArn } from "../../core/contact.ts";
import type { TranscriptionJob } from "../../core/ports/transcription-launcher.ts";
import { type StartCaptureDeps, startCapture } from "../../core/transcript/start-capture.ts";
import type { ContactFlowEvent } from "../shared/contact-flow-event.ts";
import type { TranscribeLogger } from "./transcribe-handler.ts";

/** What the flow reads as $.External: a flat map of strings (STRING_MAP). */
export type StartAnswer = Readonly<{ transcribing: string; reason: string }>;

/**
 * The flow's step that starts the transcript worker for the call, right after media
 * streaming starts (protocols.md §8.1). The answer is immediate: the worker itself runs as an
 * asynchronous invoke. Nothing throws to Connect; the call goes on either way.
 */
export async function startTranscript(options: {
  deps: StartCaptureDeps;
  event: ContactFlowEvent;
  logger: TranscribeLogger;
}): Promise<StartAnswer> {
  const job = jobOf(options.event);
  if (!job) return { transcribing: "false", reason: "NO_MEDIA_STREAM" };
  try {
    const result = await startCapture(options.deps, job);
    return result.started
      ? { transcribing: "true", reason: "STARTED" }
      : { transcribing: "false", reason: result.reason };
  } catch (error) {
    options.logger.error("could not start the transcript worker", { error });
    return { transcribing: "false", reason: "INTERNAL_ERROR" };
  }
}

/** The job from the flow's event: its media stream, and its language (the flow's or Connect's). */
function jobOf(event: ContactFlowEvent): TranscriptionJob | undefined {
  const data = event.Details.ContactData;
  const audio = data.MediaStreams?.Customer?.Audio;
  if (!audio?.StreamARN || !audio.StartFragmentNumber) return undefined;
  const startedAtMs = Math.round(Number(audio.StartTimestamp));
  return {
    instanceId: instanceIdFromArn(data.InstanceARN) ?? "",
    stream: {
      contactId: data.ContactId,
      streamArn: audio.StreamARN,
      startFragmentNumber: audio.StartFragmentNumber,
    },
    ...(Number.isFinite(startedAtMs) && startedAtMs > 0 ? { streamStartedAtMs: startedAtMs } : {}),
    languageCode: event.Details.Parameters.language || data.LanguageCode || "en-US",
  };
}
