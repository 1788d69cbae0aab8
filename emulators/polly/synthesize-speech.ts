import { randomUUID } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "../shared-http/http-types.ts";
import { EspeakMissingError, type SpeechEngine, type Synthesis } from "../speech/index.ts";
import { encodeCompressed } from "./compressed-audio.ts";
import { encodeAlaw, encodeMulaw } from "./g711-codec.ts";
import { PollyError, renderPollyError } from "./polly-errors.ts";
import { speechMarks } from "./speech-marks.ts";
import { parseSynthesizeRequest, type SynthesizeOrder } from "./synthesize-request.ts";

/** What the emulator said, for inspection. */
export interface SpokenRecord {
  readonly at: number;
  readonly voiceId: string;
  readonly text: string;
  readonly spokenText: string;
  readonly outputFormat: string;
  readonly sampleRateHz: number;
  readonly durationSeconds: number;
}

const CONTENT_TYPE: Readonly<Record<string, string>> = {
  pcm: "audio/pcm",
  mulaw: "audio/mulaw",
  alaw: "audio/alaw",
  mp3: "audio/mpeg",
  ogg_vorbis: "audio/ogg",
  ogg_opus: "audio/ogg",
  json: "application/x-json-stream",
};

/** POST /v1/speech: the raw audio (or speech marks) as the body. */
export async function synthesizeSpeech(
  speech: SpeechEngine,
  request: EmulatorRequest,
  onSpoken: (record: SpokenRecord) => void,
): Promise<EmulatorResponse> {
  const requestId = randomUUID();
  try {
    const order = parseSynthesizeRequest(request.rawBody);
    const compressed = ["mp3", "ogg_vorbis", "ogg_opus"].includes(order.outputFormat);
    const synthesis = await speech.synthesize({
      text: order.text,
      textType: order.textType,
      voiceId: order.voice.id,
      languageCode: order.languageCode,
      // Compressed formats are encoded from espeak's own rate; ffmpeg resamples.
      sampleRateHz: compressed ? 22_050 : order.sampleRateHz,
    });
    onSpoken({
      at: Date.now(),
      voiceId: order.voice.id,
      text: order.text,
      spokenText: synthesis.spokenText,
      outputFormat: order.outputFormat,
      sampleRateHz: order.sampleRateHz,
      durationSeconds: synthesis.durationSeconds,
    });
    return {
      status: 200,
      headers: {
        "content-type": CONTENT_TYPE[order.outputFormat] ?? "application/octet-stream",
        "x-amzn-requestcharacters": String(order.billedCharacters),
        "x-amzn-requestid": requestId,
      },
      body: await render(order, synthesis),
    };
  } catch (error) {
    if (error instanceof PollyError) return renderPollyError(error, requestId);
    if (error instanceof EspeakMissingError) {
      return renderPollyError(new PollyError("ServiceFailureException", error.message), requestId);
    }
    throw error;
  }
}

async function render(order: SynthesizeOrder, synthesis: Synthesis): Promise<Buffer> {
  const { audio } = synthesis;
  switch (order.outputFormat) {
    case "pcm":
      return pcmBytes(audio);
    case "mulaw":
      return Buffer.from(encodeMulaw(audio));
    case "alaw":
      return Buffer.from(encodeAlaw(audio));
    case "json":
      return Buffer.from(
        speechMarks({
          text: order.text,
          ssml: order.ssml,
          tokens: synthesis.tokens,
          types: order.speechMarkTypes,
        }),
        "utf8",
      );
    default:
      return encodeCompressed({
        samples: audio,
        sampleRateHz: synthesis.sampleRateHz,
        format: order.outputFormat,
        outputRateHz: order.sampleRateHz,
      });
  }
}

/** Little-endian bytes whatever the host's byte order. */
function pcmBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i] ?? 0, 2 * i);
  return bytes;
}
