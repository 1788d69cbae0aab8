import { isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { LAMBDA_ARN } from "./contact-rules.ts";

const TRUE_FALSE = ["True", "False"];

/**
 * Chat-only contact settings. UpdateContactMediaProcessing puts a Lambda between the chat's
 * participants ("Set recording, analytics and processing behavior"); its page says
 * NoMatchingError must always be listed, and a contact on another channel takes
 * ChannelMismatch. CreatePersistentContactAssociation continues a past chat; it has a block
 * page only, so its Type and parameter names are those of the StartChatContact API's
 * PersistentChat and of third-party exports (ACTION-REFERENCE.md).
 */
export const chatRules: Record<string, ActionRule> = {
  UpdateContactMediaProcessing: {
    errors: ["NoMatchingError", "ChannelMismatch"],
    check(c) {
      if (!(c.action.Transitions.Errors ?? []).some((e) => e.ErrorType === "NoMatchingError")) {
        c.problem("Transitions.Errors", "must include a NoMatchingError transition");
      }
      const processor = c.params.ChatProcessor;
      if (!isRecord(processor)) {
        c.problem("Parameters.ChatProcessor", `must be an object, got ${shown(processor)}`);
        return;
      }
      const enabled = processor.ProcessingEnabled;
      if (typeof enabled !== "string" || !TRUE_FALSE.includes(enabled)) {
        c.problem(
          "Parameters.ChatProcessor.ProcessingEnabled",
          `must be "True" or "False", got ${shown(enabled)}`,
        );
      }
      const arn = processor.LambdaProcessorARN;
      if (
        (arn !== undefined || enabled === "True") &&
        !(typeof arn === "string" && LAMBDA_ARN.test(arn))
      ) {
        c.problem(
          "Parameters.ChatProcessor.LambdaProcessorARN",
          `must be a static Lambda function ARN, got ${shown(arn)}`,
        );
      }
      const settings = processor.ChatProcessorSettings;
      const deliver = isRecord(settings) ? settings.DeliverUnprocessedMessages : undefined;
      if (
        settings !== undefined &&
        !(typeof deliver === "string" && TRUE_FALSE.includes(deliver))
      ) {
        c.problem(
          "Parameters.ChatProcessor.ChatProcessorSettings.DeliverUnprocessedMessages",
          `must be "True" or "False", got ${shown(deliver)}`,
        );
      }
    },
  },
  CreatePersistentContactAssociation: {
    errors: ["NoMatchingError"],
    check(c) {
      c.oneOf("RehydrationType", ["ENTIRE_PAST_SESSION", "FROM_SEGMENT"]);
      c.staticOrReference("SourceContactId");
    },
  },
};
