import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http2";
import { TranscribeError, transcribeErrors } from "./transcribe-errors.ts";

const PREFIX = "x-amzn-transcribe-";
// MediaEncoding values in the SDK's model (protocols.md §8.2).
const ENCODINGS = ["pcm", "ogg-opus", "flac", "g711-ulaw", "g711-alaw", "g729"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** A stream's settings, read from its `x-amzn-transcribe-*` headers. */
export interface StreamSettings {
  readonly languageCode: string | undefined;
  readonly sampleRateHz: 8000 | 16_000;
  readonly mediaEncoding: "pcm";
  readonly sessionId: string;
  readonly partialStabilization: boolean;
  /** Every transcribe header the client sent, echoed in the response like the service. */
  readonly echoed: Readonly<Record<string, string>>;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[PREFIX + name];
  return Array.isArray(value) ? value[0] : value;
}

/** Checks the parameters; throws BadRequestException before the stream starts. */
export function parseStreamSettings(headers: IncomingHttpHeaders): StreamSettings {
  const bad = transcribeErrors.badRequest;
  const rateText = header(headers, "sample-rate");
  const encoding = header(headers, "media-encoding");
  const languageCode = header(headers, "language-code");
  const identify =
    header(headers, "identify-language") === "true" ||
    header(headers, "identify-multiple-languages") === "true";
  if (rateText === undefined)
    throw bad("MediaSampleRateHertz (x-amzn-transcribe-sample-rate) is required");
  if (encoding === undefined)
    throw bad("MediaEncoding (x-amzn-transcribe-media-encoding) is required");
  if (!languageCode && !identify) throw bad("Either LanguageCode or IdentifyLanguage must be set");
  const rate = /^\d+$/u.test(rateText) ? Number(rateText) : Number.NaN;
  // The model allows 8,000–48,000 Hz.
  if (!(rate >= 8000 && rate <= 48_000)) {
    throw bad(
      `MediaSampleRateHertz ${rateText} is out of range: it must be between 8000 and 48000`,
    );
  }
  if (!ENCODINGS.includes(encoding)) throw bad(`MediaEncoding ${encoding} is not supported`);
  if (encoding !== "pcm") {
    throw bad(
      `The emulator does not decode ${encoding}: send pcm (signed 16-bit little-endian) at 8000 or 16000 Hz`,
    );
  }
  if (rate !== 8000 && rate !== 16_000) {
    throw bad(`The emulator recognises pcm at 8000 or 16000 Hz only, not ${rate} Hz`);
  }
  const sessionId = header(headers, "session-id") ?? randomUUID();
  if (!UUID.test(sessionId)) throw bad(`SessionId ${sessionId} is not a UUID`);
  const echoed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(PREFIX) && typeof value === "string") echoed[name] = value;
  }
  echoed[`${PREFIX}session-id`] = sessionId;
  return {
    languageCode: languageCode || undefined,
    sampleRateHz: rate,
    mediaEncoding: "pcm",
    sessionId,
    partialStabilization: header(headers, "enable-partial-results-stabilization") === "true",
    echoed,
  };
}

export { TranscribeError };
