/**
 * Polly voices the local world speaks with, and the espeak-ng voice standing in for each.
 *
 * Engines: `engines` are the ones the Polly documentation (searched, 2025/26 pages) or the
 * AWS feature page confirms; `unconfirmedEngines` come from memory and are accepted too, so
 * a caller is not refused for a guess. Known conflict: the docs' standard-voice table lists
 * Kevin but not Matthew or Justin for en-US, while DescribeVoices (from memory) gives Matthew
 * and Justin a standard engine and Kevin none; the emulator accepts the union.
 */
export type PollyEngine = "standard" | "neural" | "long-form" | "generative";

export interface VoiceProfile {
  /** Polly's VoiceId (ASCII, as the SDK enum spells it). */
  readonly id: string;
  /** The name as Polly's voice list writes it. */
  readonly name: string;
  readonly gender: "Female" | "Male";
  readonly languageCode: string;
  /** Other languages a bilingual voice speaks (Polly's AdditionalLanguageCodes). */
  readonly additionalLanguageCodes: readonly string[];
  readonly engines: readonly PollyEngine[];
  readonly unconfirmedEngines: readonly PollyEngine[];
  /** espeak-ng voice and variant, per language the voice speaks. */
  readonly espeak: Readonly<Record<string, string>>;
  /** espeak-ng base pitch 0–99, so two voices of one variant still differ. */
  readonly pitch: number;
}

type Row = [
  id: string,
  name: string,
  gender: "F" | "M",
  engines: string,
  unconfirmed: string,
  variant: string,
  pitch: number,
];

const ESPEAK_LANGUAGE: Readonly<Record<string, string>> = {
  "en-US": "en-us",
  "en-GB": "en-gb",
  "en-IN": "en-gb-x-rp",
  "hi-IN": "hi",
  "es-US": "es-419",
  "es-ES": "es",
  "fr-FR": "fr-fr",
  "de-DE": "de",
};

// s = standard, n = neural, l = long-form, g = generative.
const ROWS: Readonly<Record<string, readonly Row[]>> = {
  "en-US": [
    ["Joanna", "Joanna", "F", "s", "ng", "f3", 52],
    ["Matthew", "Matthew", "M", "g", "sn", "m3", 45],
    ["Salli", "Salli", "F", "s", "n", "f2", 58],
    ["Joey", "Joey", "M", "s", "n", "m2", 50],
    ["Kendra", "Kendra", "F", "s", "n", "f4", 48],
    ["Kimberly", "Kimberly", "F", "s", "n", "f1", 60],
    ["Ivy", "Ivy", "F", "s", "n", "f5", 70],
    ["Justin", "Justin", "M", "", "sn", "m4", 65],
    ["Kevin", "Kevin", "M", "s", "n", "m5", 68],
    ["Ruth", "Ruth", "F", "lng", "", "f2", 46],
    ["Stephen", "Stephen", "M", "", "ng", "m6", 42],
  ],
  "en-GB": [
    ["Amy", "Amy", "F", "sng", "", "f3", 54],
    ["Emma", "Emma", "F", "sn", "", "f2", 50],
    ["Brian", "Brian", "M", "sng", "", "m3", 44],
    ["Arthur", "Arthur", "M", "n", "", "m1", 40],
  ],
  "es-US": [
    ["Lupe", "Lupe", "F", "s", "ng", "f3", 52],
    ["Penelope", "Penélope", "F", "s", "", "f2", 58],
    ["Miguel", "Miguel", "M", "s", "", "m3", 45],
    ["Pedro", "Pedro", "M", "", "ng", "m2", 50],
  ],
  "es-ES": [
    ["Lucia", "Lucia", "F", "s", "ng", "f3", 52],
    ["Conchita", "Conchita", "F", "s", "", "f4", 58],
    ["Enrique", "Enrique", "M", "s", "", "m3", 45],
    ["Sergio", "Sergio", "M", "", "ng", "m2", 50],
  ],
  "fr-FR": [
    ["Lea", "Léa", "F", "s", "ng", "f3", 52],
    ["Celine", "Céline", "F", "s", "", "f2", 58],
    ["Mathieu", "Mathieu", "M", "s", "", "m3", 45],
    ["Remi", "Rémi", "M", "", "ng", "m2", 50],
  ],
  "de-DE": [
    ["Vicki", "Vicki", "F", "s", "ng", "f3", 52],
    ["Marlene", "Marlene", "F", "s", "", "f2", 58],
    ["Hans", "Hans", "M", "s", "", "m3", 45],
    ["Daniel", "Daniel", "M", "", "ng", "m2", 50],
  ],
  // Polly's bilingual example (en-IN and hi-IN); standard only per the docs' table.
  "en-IN": [["Aditi", "Aditi", "F", "s", "", "f3", 55]],
};

const ENGINE_CODES: Readonly<Record<string, PollyEngine>> = {
  s: "standard",
  n: "neural",
  l: "long-form",
  g: "generative",
};

function engines(codes: string): PollyEngine[] {
  return [...codes]
    .map((code) => ENGINE_CODES[code])
    .filter((e): e is PollyEngine => e !== undefined);
}

const ADDITIONAL: Readonly<Record<string, readonly string[]>> = { Aditi: ["hi-IN"] };

export const VOICES: readonly VoiceProfile[] = Object.entries(ROWS).flatMap(
  ([languageCode, rows]) =>
    rows.map(([id, name, gender, confirmed, unconfirmed, variant, pitch]) => {
      const additionalLanguageCodes = ADDITIONAL[id] ?? [];
      const espeak: Record<string, string> = {};
      for (const code of [languageCode, ...additionalLanguageCodes]) {
        espeak[code] = `${ESPEAK_LANGUAGE[code] ?? "en"}+${variant}`;
      }
      return {
        id,
        name,
        gender: gender === "F" ? "Female" : "Male",
        languageCode,
        additionalLanguageCodes,
        engines: engines(confirmed),
        unconfirmedEngines: engines(unconfirmed),
        espeak,
        pitch,
      } satisfies VoiceProfile;
    }),
);

const byId = new Map(VOICES.map((voice) => [voice.id, voice]));

export function findVoice(voiceId: string): VoiceProfile | undefined {
  return byId.get(voiceId);
}

/** Whether the voice is accepted with this engine (confirmed or not). */
export function supportsEngine(voice: VoiceProfile, engine: PollyEngine): boolean {
  return voice.engines.includes(engine) || voice.unconfirmedEngines.includes(engine);
}

/** The voice a language is spoken with when none is named: the first of its table. */
export function defaultVoiceFor(languageCode: string): VoiceProfile | undefined {
  return (
    VOICES.find((voice) => voice.languageCode === languageCode) ??
    VOICES.find((voice) => voice.additionalLanguageCodes.includes(languageCode))
  );
}
