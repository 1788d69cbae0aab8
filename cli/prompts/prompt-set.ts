import { PROMPT_EXAMPLES, PROMPT_VOICES, PROMPTS } from "../../flows/prompt-catalog.ts";

/** The voice a language is spoken in. */
export interface CatalogVoice {
  readonly voiceId: string;
  readonly engine: "standard" | "neural";
}

/**
 * What the command renders: per prompt, its SSML per language; per language, a voice and the
 * example values for `$.External` references. The flows' catalog by default; tests give their own.
 */
export interface PromptCatalog {
  readonly prompts: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly voices: Readonly<Record<string, CatalogVoice>>;
  readonly examples: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const FLOW_PROMPTS: PromptCatalog = {
  prompts: PROMPTS,
  voices: PROMPT_VOICES,
  examples: PROMPT_EXAMPLES,
};

/** The catalog's languages: those it has a voice for. */
export function catalogLanguages(catalog: PromptCatalog): string[] {
  return Object.keys(catalog.voices);
}

export function catalogPromptNames(catalog: PromptCatalog): string[] {
  return Object.keys(catalog.prompts);
}
