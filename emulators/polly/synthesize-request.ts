import * as z from "zod";
import {
  findVoice,
  type PollyEngine,
  type SsmlElement,
  supportsEngine,
  type VoiceProfile,
} from "../speech/index.ts";
import { PollyError } from "./polly-errors.ts";
import { billedCharacters, validatePollySsml } from "./ssml-validator.ts";

const FORMATS = ["alaw", "json", "mp3", "mulaw", "ogg_opus", "ogg_vorbis", "pcm"] as const;
const ENGINES = ["generative", "long-form", "neural", "standard"] as const;
const MARK_TYPES = ["sentence", "ssml", "viseme", "word"] as const;
export type OutputFormat = (typeof FORMATS)[number];
export type SpeechMarkType = (typeof MARK_TYPES)[number];

/** SynthesizeSpeech's body as @aws-sdk/client-polly sends it (POST /v1/speech, JSON). */
const Body = z.object({
  OutputFormat: z.enum(FORMATS),
  Text: z.string(),
  VoiceId: z.string(),
  Engine: z.enum(ENGINES).optional(),
  LanguageCode: z.string().optional(),
  LexiconNames: z.array(z.string()).max(5).optional(),
  SampleRate: z.string().optional(),
  SpeechMarkTypes: z.array(z.enum(MARK_TYPES)).max(4).optional(),
  TextType: z.enum(["ssml", "text"]).optional(),
});

// SampleRate values per format, from the SDK's SynthesizeSpeechInput documentation.
const RATES: Readonly<
  Record<OutputFormat, { valid: readonly number[]; standard: number; other: number }>
> = {
  pcm: { valid: [8000, 16_000], standard: 16_000, other: 16_000 },
  mulaw: { valid: [8000], standard: 8000, other: 8000 },
  alaw: { valid: [8000], standard: 8000, other: 8000 },
  mp3: { valid: [8000, 16_000, 22_050, 24_000, 44_100, 48_000], standard: 22_050, other: 24_000 },
  ogg_vorbis: {
    valid: [8000, 16_000, 22_050, 24_000, 44_100, 48_000],
    standard: 22_050,
    other: 24_000,
  },
  ogg_opus: { valid: [48_000], standard: 48_000, other: 48_000 },
  json: { valid: [8000, 16_000, 22_050, 24_000, 44_100, 48_000], standard: 22_050, other: 24_000 },
};

const MAX_TOTAL_CHARACTERS = 6000;
const MAX_BILLED_CHARACTERS = 3000;

/** A request that passed every check Polly makes. */
export interface SynthesizeOrder {
  readonly text: string;
  readonly textType: "text" | "ssml";
  readonly ssml: SsmlElement | undefined;
  readonly voice: VoiceProfile;
  readonly engine: PollyEngine;
  readonly languageCode: string;
  readonly outputFormat: OutputFormat;
  readonly sampleRateHz: number;
  readonly speechMarkTypes: readonly SpeechMarkType[];
  readonly billedCharacters: number;
}

/** Parses and validates the body; throws PollyError with Polly's error name. */
export function parseSynthesizeRequest(rawBody: Buffer): SynthesizeOrder {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    throw new PollyError("ValidationException", "The request body is not valid JSON");
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "body";
    throw new PollyError(
      "ValidationException",
      `1 validation error detected: ${where}: ${issue?.message ?? "invalid"}`,
    );
  }
  const body = parsed.data;
  const voice = findVoice(body.VoiceId);
  if (!voice) {
    throw new PollyError(
      "ValidationException",
      `1 validation error detected: Value '${body.VoiceId}' at 'voiceId' failed to satisfy constraint: the emulator has no such voice`,
    );
  }
  const engine = body.Engine ?? "standard";
  if (!supportsEngine(voice, engine)) {
    throw new PollyError(
      "EngineNotSupportedException",
      `This voice does not support the selected engine: ${engine}`,
    );
  }
  const languageCode = body.LanguageCode ?? voice.languageCode;
  if (
    languageCode !== voice.languageCode &&
    !voice.additionalLanguageCodes.includes(languageCode)
  ) {
    throw new PollyError(
      "LanguageNotSupportedException",
      `Voice ${voice.id} does not support language ${languageCode}`,
    );
  }
  if (body.LexiconNames && body.LexiconNames.length > 0) {
    throw new PollyError(
      "LexiconNotFoundException",
      `Lexicon not found: ${body.LexiconNames[0]} (the emulator stores no lexicons)`,
    );
  }
  const sampleRateHz = sampleRate(body.OutputFormat, body.SampleRate, engine);
  const textType = body.TextType ?? "text";
  const marks = body.SpeechMarkTypes ?? [];
  checkMarks(body.OutputFormat, marks, textType);
  if ([...body.Text].length > MAX_TOTAL_CHARACTERS) throw tooLong();
  const ssml = textType === "ssml" ? validatePollySsml(body.Text, engine) : undefined;
  const billed = ssml ? billedCharacters(ssml) : [...body.Text].length;
  if (billed > MAX_BILLED_CHARACTERS) throw tooLong();
  return {
    text: body.Text,
    textType,
    ssml,
    voice,
    engine,
    languageCode,
    outputFormat: body.OutputFormat,
    sampleRateHz,
    speechMarkTypes: marks,
    billedCharacters: billed,
  };
}

function sampleRate(
  format: OutputFormat,
  requested: string | undefined,
  engine: PollyEngine,
): number {
  const rule = RATES[format];
  if (requested === undefined) return engine === "standard" ? rule.standard : rule.other;
  const value = /^\d+$/u.test(requested) ? Number(requested) : Number.NaN;
  if (!rule.valid.includes(value)) {
    throw new PollyError(
      "InvalidSampleRateException",
      `The specified sample rate ${requested} is not valid for ${format}`,
    );
  }
  return value;
}

function checkMarks(
  format: OutputFormat,
  marks: readonly SpeechMarkType[],
  textType: string,
): void {
  if (format !== "json" && marks.length > 0) {
    throw new PollyError(
      "MarksNotSupportedForFormatException",
      `Speech marks are not supported for ${format}; use json`,
    );
  }
  if (format === "json" && marks.length === 0) {
    throw new PollyError(
      "ValidationException",
      "SpeechMarkTypes is required when OutputFormat is json",
    );
  }
  if (marks.includes("ssml") && textType !== "ssml") {
    throw new PollyError(
      "SsmlMarksNotSupportedForTextTypeException",
      "SSML speech marks need TextType ssml",
    );
  }
  if (marks.includes("viseme")) {
    throw new PollyError(
      "ValidationException",
      "The emulator does not produce viseme speech marks (word, sentence and ssml only)",
    );
  }
}

function tooLong(): PollyError {
  return new PollyError(
    "TextLengthExceededException",
    `Maximum text length has been exceeded: at most ${MAX_TOTAL_CHARACTERS} characters in total and ${MAX_BILLED_CHARACTERS} billed`,
  );
}
