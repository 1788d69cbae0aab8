import type { ActionRule } from "./action-rules.ts";

/** What CheckVoiceId answers, per option, as exported flows spell it (no spaces). */
export const VOICE_ID_RESULTS = {
  enrollmentStatus: ["Enrolled", "NotEnrolled", "OptedOut"],
  voiceAuthentication: [
    "Authenticated",
    "NotAuthenticated",
    "Inconclusive",
    "NotEnrolled",
    "OptedOut",
  ],
  fraudDetection: ["HighRisk", "LowRisk", "Inconclusive"],
} as const;
export type VoiceIdOption = keyof typeof VOICE_ID_RESULTS;
const VOICE_ID_OPTIONS = Object.keys(VOICE_ID_RESULTS) as VoiceIdOption[];

/**
 * Voice ID (voice only; AWS ends its support on 2026-05-20) and Amazon Q in Connect sessions.
 * A chat or task contact takes the error branch at run time.
 */
export const voiceIdRules: Record<string, ActionRule> = {
  CheckVoiceId: {
    conditions: true,
    errors: ["NoMatchingError"],
    check(c) {
      const option = c.oneOf("CheckVoiceIdOption", VOICE_ID_OPTIONS);
      const results: readonly string[] = option ? VOICE_ID_RESULTS[option] : [];
      c.conditionsOnly({
        operators: ["Equals"],
        operand: (value) => results.includes(value),
        operandRule: `one of ${results.join(", ")}`,
      });
    },
  },
  StartVoiceIdStream: { errors: ["NoMatchingError"], check: (c) => c.noConditions() },
  CreateWisdomSession: {
    errors: ["NoMatchingError"],
    check(c) {
      c.staticOrReference("WisdomAssistantArn");
    },
  },
};
