import type { RecognitionResult } from "../speech/index.ts";

/**
 * A TranscriptEvent's JSON as the service sends it (the SDK's TranscriptEvent shape):
 * Transcript.Results[{ResultId, StartTime, EndTime, IsPartial, Alternatives[{Transcript,
 * Items}]}]. Item times are spread over the utterance, so they are approximate.
 */
export function transcriptEvent(
  result: RecognitionResult,
  options: { stabilization: boolean; channelId?: string },
): unknown {
  return {
    Transcript: {
      Results: [
        {
          ResultId: result.resultId,
          StartTime: result.startSeconds,
          EndTime: result.endSeconds,
          IsPartial: result.isPartial,
          ...(options.channelId ? { ChannelId: options.channelId } : {}),
          Alternatives: [
            {
              Transcript: result.transcript,
              Items: result.items.map((item) => ({
                StartTime: item.startSeconds,
                EndTime: item.type === "punctuation" ? item.startSeconds : item.endSeconds,
                Type: item.type,
                Content: item.content,
                VocabularyFilterMatch: false,
                // The audio matched a known utterance, so every word is certain.
                ...(item.type === "pronunciation" ? { Confidence: 1 } : {}),
                ...(options.stabilization && result.isPartial ? { Stable: true } : {}),
              })),
            },
          ],
        },
      ],
    },
  };
}
