import { createHash } from "node:crypto";
import { buildTemplate, type UtteranceTemplate } from "./utterance-template.ts";
import type { TimedToken } from "./word-timing.ts";

/** Width (dB) of an index cell; lookups probe the neighbouring cells too. */
const CELL_DB = 8;

export interface RegisterUtterance {
  readonly text: string;
  readonly languageCode: string;
  /** Signed 16-bit mono PCM. */
  readonly audio: Int16Array;
  readonly sampleRateHz: number;
}

/** What the library knows about one utterance (for inspection). */
export interface KnownUtterance {
  readonly id: string;
  readonly text: string;
  readonly languageCode: string;
  readonly durationSeconds: number;
  /** Words and punctuation with approximate times in the utterance's own audio. */
  readonly tokens: readonly TimedToken[];
}

export interface UtteranceLibraryOptions {
  /** The oldest utterances are forgotten past this many (default 10,000, about 100 MB). */
  readonly maxUtterances?: number;
}

/**
 * Every utterance the local synthesizer produced: its text, language and audio features.
 * The recogniser can only ever find these. Indexed by the coarse shape of each opening,
 * so a lookup touches a few candidates instead of the whole library.
 */
export class UtteranceLibrary {
  readonly #byId = new Map<string, UtteranceTemplate>();
  readonly #index = new Map<string, Set<UtteranceTemplate>>();
  readonly #cellOf = new Map<string, string>();
  readonly #maxUtterances: number;

  constructor(options: UtteranceLibraryOptions = {}) {
    this.#maxUtterances = options.maxUtterances ?? 10_000;
    if (!(this.#maxUtterances >= 1)) throw new RangeError("maxUtterances must be at least 1");
  }

  /**
   * Adds an utterance (the same audio twice is kept once). Returns undefined for audio with
   * no sound in it, which could never be matched.
   */
  register(input: RegisterUtterance): KnownUtterance | undefined {
    if (!(input.sampleRateHz >= 4000 && input.sampleRateHz <= 96_000)) {
      throw new RangeError(`unsupported sample rate ${input.sampleRateHz}`);
    }
    const hash = createHash("sha256");
    hash.update(`${input.sampleRateHz}\u0000${input.languageCode}\u0000${input.text}\u0000`);
    hash.update(new Uint8Array(input.audio.buffer, input.audio.byteOffset, input.audio.byteLength));
    const id = hash.digest("hex").slice(0, 24);
    const existing = this.#byId.get(id);
    if (existing) {
      // Refresh its place in the eviction order.
      this.#byId.delete(id);
      this.#byId.set(id, existing);
      return describe(existing);
    }
    const template = buildTemplate({ id, ...input });
    if (!template) return undefined;
    this.#byId.set(id, template);
    const key = cellKey(template.signature.map((v) => Math.floor(v / CELL_DB)));
    const cell = this.#index.get(key) ?? new Set();
    cell.add(template);
    this.#index.set(key, cell);
    this.#cellOf.set(id, key);
    while (this.#byId.size > this.#maxUtterances) this.#evictOldest();
    return describe(template);
  }

  /** Templates whose opening looks like `signature`, in the language of `languageCode`. */
  candidates(signature: readonly number[], languageCode: string | undefined): UtteranceTemplate[] {
    const cells = signature.map((v) => Math.floor(v / CELL_DB));
    const found: UtteranceTemplate[] = [];
    const language = primaryLanguage(languageCode);
    for (const offsets of NEIGHBOURS) {
      const cell = this.#index.get(cellKey(cells.map((c, i) => c + (offsets[i] ?? 0))));
      for (const template of cell ?? []) {
        if (!language || primaryLanguage(template.languageCode) === language) found.push(template);
      }
    }
    return found;
  }

  get size(): number {
    return this.#byId.size;
  }

  list(): KnownUtterance[] {
    return [...this.#byId.values()].map(describe);
  }

  clear(): void {
    this.#byId.clear();
    this.#index.clear();
    this.#cellOf.clear();
  }

  #evictOldest(): void {
    const oldest = this.#byId.values().next().value;
    if (!oldest) return;
    this.#byId.delete(oldest.id);
    const key = this.#cellOf.get(oldest.id) ?? "";
    this.#cellOf.delete(oldest.id);
    const cell = this.#index.get(key);
    if (cell?.delete(oldest) && cell.size === 0) this.#index.delete(key);
  }
}

/** All offsets in {-1, 0, 1}³. */
const NEIGHBOURS: readonly number[][] = [-1, 0, 1].flatMap((a) =>
  [-1, 0, 1].flatMap((b) => [-1, 0, 1].map((c) => [a, b, c])),
);

function cellKey(cells: readonly number[]): string {
  return cells.join(",");
}

/** `en-US` → `en`: an en-US stream hears en-GB speech, not Spanish. */
function primaryLanguage(code: string | undefined): string | undefined {
  return code?.split("-")[0]?.toLowerCase();
}

function describe(template: UtteranceTemplate): KnownUtterance {
  return {
    id: template.id,
    text: template.text,
    languageCode: template.languageCode,
    durationSeconds: template.endSeconds - template.startSeconds,
    tokens: template.tokens,
  };
}
