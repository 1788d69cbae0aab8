/** What a Lex bot made of one utterance. */
export interface LexIntent {
  readonly intentName: string;
  readonly slots: Readonly<Record<string, string>>;
  /** NLU confidence, 0 to 1. */
  readonly confidence: number;
}

/** One intent of a scripted bot: the phrases that select it, and the slots they fill. */
export interface ScriptedIntent {
  readonly name: string;
  /** Matched case-insensitively as whole words in what the customer said, typed or keyed. */
  readonly utterances: readonly string[];
  readonly slots?: (utterance: string) => Readonly<Record<string, string>>;
}

/**
 * A Lex bot a test or scenario registers: the first intent with a phrase in the customer's
 * words is recognised, with confidence 1; nothing matching is FallbackIntent, as a Lex V2 bot
 * answers with its built-in fallback, with confidence 0.
 */
export class ScriptedLexBot {
  constructor(private readonly intents: readonly ScriptedIntent[]) {}

  recognize(utterance: string): LexIntent {
    for (const intent of this.intents) {
      if (intent.utterances.some((phrase) => saysPhrase(utterance, phrase))) {
        return { intentName: intent.name, slots: intent.slots?.(utterance) ?? {}, confidence: 1 };
      }
    }
    return { intentName: "FallbackIntent", slots: {}, confidence: 0 };
  }
}

function saysPhrase(utterance: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|\\W)${escaped}($|\\W)`, "i").test(utterance);
}
