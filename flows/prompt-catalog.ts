/**
 * Every prompt the voice flows speak, as SSML, in each language the product ships. A flow
 * picks the language from the call (the `deflectLanguage` contact attribute), and the deflect
 * function answers `$.External` values in the same language.
 */
export const PROMPT_LANGUAGES = ["en-US", "es-US"] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: PromptLanguage = "en-US";

/** The Amazon Polly voice each language is spoken in (UpdateContactTextToSpeechVoice). */
export const PROMPT_VOICES: Readonly<
  Record<PromptLanguage, { readonly voiceId: string; readonly engine: "neural" | "standard" }>
> = {
  "en-US": { voiceId: "Joanna", engine: "neural" },
  "es-US": { voiceId: "Lupe", engine: "neural" },
};

export type PromptName = "reason" | "offer" | "confirm" | "apology" | "queueFull" | "hold";

const pause = '<break time="300ms"/>';

export const PROMPTS: Readonly<Record<PromptName, Readonly<Record<PromptLanguage, string>>>> = {
  reason: {
    "en-US": `<speak>Thanks for calling. In a few words, tell us what you are calling about. ${pause}Or press 1 for billing, 2 for a technical problem, or 3 for anything else.</speak>`,
    "es-US": `<speak>Gracias por llamar. En pocas palabras, díganos el motivo de su llamada. ${pause}O marque 1 para facturación, 2 para un problema técnico, o 3 para cualquier otra cosa.</speak>`,
  },
  offer: {
    "en-US": `<speak>The wait is about $.External.waitMinutes minutes. ${pause}To carry on by $.External.channelName instead, press 1, and we will message you now. To keep your place in the queue, press 2.</speak>`,
    "es-US": `<speak>La espera es de unos $.External.waitMinutes minutos. ${pause}Para continuar por $.External.channelName, marque 1 y le enviaremos un mensaje ahora. Para mantener su lugar en la fila, marque 2.</speak>`,
  },
  confirm: {
    "en-US": `<speak>Done. We have sent you $.External.messagePhrase. Reply there whenever suits you, and an agent will carry on from this call. ${pause}Goodbye.</speak>`,
    "es-US": `<speak>Listo. Le hemos enviado $.External.messagePhrase. Responda cuando le convenga y un agente continuará desde esta llamada. ${pause}Adiós.</speak>`,
  },
  apology: {
    "en-US":
      "<speak>Sorry, we could not send that message. You keep your place in the queue.</speak>",
    "es-US":
      "<speak>Lo sentimos, no pudimos enviar ese mensaje. Mantiene su lugar en la fila.</speak>",
  },
  queueFull: {
    "en-US": "<speak>Sorry, all our lines are full right now. Please call back later.</speak>",
    "es-US":
      "<speak>Lo sentimos, todas nuestras líneas están ocupadas. Por favor, llame más tarde.</speak>",
  },
  hold: {
    "en-US": "<speak>Thanks for waiting. An agent will be with you as soon as possible.</speak>",
    "es-US": "<speak>Gracias por esperar. Un agente le atenderá lo antes posible.</speak>",
  },
};

/** Values for the `$.External` references, so a prompt can be heard before it is deployed. */
export const PROMPT_EXAMPLES: Readonly<Record<PromptLanguage, Readonly<Record<string, string>>>> = {
  "en-US": { waitMinutes: "12", channelName: "WhatsApp", messagePhrase: "a WhatsApp message" },
  "es-US": { waitMinutes: "12", channelName: "WhatsApp", messagePhrase: "un mensaje de WhatsApp" },
};

/** A prompt with its `$.External.x` references filled from `values`; unknown ones stay. */
export function promptWith(ssml: string, values: Readonly<Record<string, string>>): string {
  return ssml.replace(
    /\$\.External\.([A-Za-z0-9_]+)/g,
    (whole, key: string) => values[key] ?? whole,
  );
}

/** The suffix a language's copy of a flow's actions carries; the default language has none. */
export function languageSuffix(language: PromptLanguage): string {
  return language === DEFAULT_LANGUAGE ? "" : `-${language}`;
}
