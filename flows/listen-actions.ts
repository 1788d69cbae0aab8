import { action, type FlowActionJson, invokeFunction, onError } from "./flow-builder.ts";
import type { PromptLanguage } from "./prompt-catalog.ts";

/** Where the caller's words come from (DEFLECT_TRANSCRIPT_SOURCE). */
export type TranscriptSource = "transcribe" | "contact-lens" | "none";

export interface ListenActions {
  /** The first action; the flow goes on to the language's `working-queue`. */
  readonly start: string;
  /** Where the flow goes to queue the caller. */
  readonly stop: string;
  readonly actions: FlowActionJson[];
  readonly stopActions: FlowActionJson[];
}

/**
 * How the voice flow gets the caller's words, by source. "transcribe" streams the caller's
 * audio and starts the transcript worker on it, then stops the stream before queueing (the
 * transcript is of the IVR only). "contact-lens" turns on Contact Lens real-time analysis,
 * IVR included (whether Contact Lens analyses an IVR-only call is unconfirmed: protocols.md
 * §8.3). "none" does neither.
 */
export function listenActions(options: {
  id: (name: string) => string;
  language: PromptLanguage;
  source: TranscriptSource;
}): ListenActions {
  const { id, language } = options;
  const next = id("working-queue");
  if (options.source === "none") {
    return { start: next, stop: id("enqueue"), actions: [], stopActions: [] };
  }
  if (options.source === "contact-lens") {
    return {
      start: id("analytics"),
      stop: id("enqueue"),
      actions: [
        action(
          id("analytics"),
          "UpdateContactRecordingAndAnalyticsBehavior",
          {
            VoiceBehavior: {
              VoiceRecordingBehavior: {
                RecordedParticipants: ["Agent", "Customer"],
                IVRRecordingBehavior: "Enabled",
              },
              VoiceAnalyticsBehavior: {
                Enabled: "True",
                AnalyticsLanguage: language,
                AnalyticsRedactionBehavior: "Disabled",
                AnalyticsModes: ["RealTime", "AutomatedInteraction"],
              },
            },
          },
          {
            NextAction: next,
            Errors: [onError("NoMatchingError", next), onError("ChannelMismatch", next)],
          },
        ),
      ],
      stopActions: [],
    };
  }
  return {
    start: id("media-streaming"),
    stop: id("stop-streaming"),
    actions: [
      action(
        id("media-streaming"),
        "UpdateContactMediaStreamingBehavior",
        {
          MediaStreamingState: "Enabled",
          MediaStreamType: "Audio",
          Participants: [{ ParticipantType: "Customer", MediaDirections: ["From", "To"] }],
        },
        { NextAction: id("transcribe"), Errors: [onError("NoMatchingError", next)] },
      ),
      // The worker reads the stream from its start fragment, so it hears the answer below.
      invokeFunction({
        id: id("transcribe"),
        functionName: "transcribe",
        attributes: { language },
        next,
        onFailure: next,
      }),
    ],
    stopActions: [
      action(
        id("stop-streaming"),
        "UpdateContactMediaStreamingBehavior",
        { MediaStreamingState: "Disabled" },
        { NextAction: id("enqueue"), Errors: [onError("NoMatchingError", id("enqueue"))] },
      ),
    ],
  };
}
