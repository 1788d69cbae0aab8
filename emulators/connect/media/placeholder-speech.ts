import { CALL_SAMPLE_RATE_HZ } from "./call-voice.ts";

const WORD_MS = 400; // about 150 words a minute
const GAP_MS = 50;
const AMPLITUDE = 6000;

/**
 * A stand-in for speech when no CallVoice is given: one tone per word (pitch from the word's
 * letters), so a `say` step still puts audible, repeatable audio on the customer track.
 * It is not speech, and a recognizer will not read words from it.
 */
export function placeholderSpeech(text: string): Int16Array {
  const words = text.split(/\s+/).filter(Boolean);
  const perWord = ((WORD_MS + GAP_MS) * CALL_SAMPLE_RATE_HZ) / 1000;
  const toneSamples = (WORD_MS * CALL_SAMPLE_RATE_HZ) / 1000;
  const pcm = new Int16Array(Math.max(1, words.length) * perWord);
  (words.length > 0 ? words : [text]).forEach((word, index) => {
    let hash = 0;
    for (const char of word) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1000;
    const hz = 300 + (hash % 600);
    for (let i = 0; i < toneSamples; i++) {
      pcm[index * perWord + i] = Math.round(
        AMPLITUDE * Math.sin((2 * Math.PI * hz * i) / CALL_SAMPLE_RATE_HZ),
      );
    }
  });
  return pcm;
}
