import { type ActionChecker, checkIntString, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { containsReference, isSingleReference } from "./references.ts";

/** What answering-machine detection reports for a campaign call (CheckOutboundCallStatus page). */
export const OUTBOUND_CALL_STATUSES = [
  "CallAnswered",
  "VoicemailBeep",
  "VoicemailNoBeep",
  "NotDetected",
] as const;

/** A nested string field that is static or one reference (`Parameters.CallerId.Number`). */
function nestedStaticOrReference(
  c: ActionChecker,
  path: string,
  value: unknown,
  required: boolean,
): void {
  if (value === undefined && !required) return;
  if (typeof value !== "string" || value.length === 0) {
    c.problem(path, `must be a non-empty string, got ${shown(value)}`);
  } else if (containsReference(value) && !isSingleReference(value)) {
    c.problem(path, `must be static or exactly one $. reference, got ${shown(value)}`);
  }
}

/** A nested object parameter, or undefined (and a problem) when it is not an object. */
function objectParam(c: ActionChecker, field: string, required: boolean) {
  const value = c.params[field];
  if (value === undefined && !required) return undefined;
  if (!isRecord(value)) {
    c.problem(`Parameters.${field}`, `must be an object, got ${shown(value)}`);
    return undefined;
  }
  return value;
}

function voiceConnector(c: ActionChecker): void {
  const connector = objectParam(c, "VoiceConnector", false);
  if (!connector) return;
  if (connector.VoiceConnectorType !== "ChimeConnector") {
    c.problem(
      "Parameters.VoiceConnector.VoiceConnectorType",
      `must be "ChimeConnector", got ${shown(connector.VoiceConnectorType)}`,
    );
  }
  for (const field of ["VoiceConnectorArn", "FromUser", "ToUser", "UserToUserInformation"]) {
    const value = connector[field];
    const required = field !== "UserToUserInformation";
    if ((value !== undefined || required) && (typeof value !== "string" || value === "")) {
      c.problem(`Parameters.VoiceConnector.${field}`, `must be a string, got ${shown(value)}`);
    }
  }
}

/** `{Address, Type}` with the one Type the action takes. */
function endpoint(c: ActionChecker, field: string, type: string): void {
  const value = objectParam(c, field, true);
  if (!value) return;
  nestedStaticOrReference(c, `Parameters.${field}.Address`, value.Address, true);
  if (value.Type !== type) {
    c.problem(`Parameters.${field}.Type`, `must be "${type}", got ${shown(value.Type)}`);
  }
}

/**
 * Outbound calls and messages. CompleteOutboundCall ("Call phone number", outbound whisper
 * flows) dials the customer; its action page lists no errors, its block page routes a non-voice
 * contact down Error, so NoMatchingError may be listed. CheckOutboundCallStatus branches on
 * answering-machine detection (outbound campaigns). StartOutboundChatContact ("Send message")
 * starts an SMS contact.
 */
export const outboundRules: Record<string, ActionRule> = {
  CompleteOutboundCall: {
    errors: ["NoMatchingError"],
    check(c) {
      const callerId = objectParam(c, "CallerId", false);
      if (callerId) {
        nestedStaticOrReference(c, "Parameters.CallerId.Number", callerId.Number, true);
      }
      voiceConnector(c);
      checkIntString(c.params.ConnectionTimeLimitSeconds, {
        min: 1,
        max: 600,
        required: false,
        allowReference: true,
        report: (m) => c.problem("Parameters.ConnectionTimeLimitSeconds", m),
      });
    },
  },
  CheckOutboundCallStatus: {
    conditions: true,
    errors: ["NoMatchingError"],
    check(c) {
      c.conditionsOnly({
        operators: ["Equals"],
        operand: (value) => (OUTBOUND_CALL_STATUSES as readonly string[]).includes(value),
        operandRule: `one of ${OUTBOUND_CALL_STATUSES.join(", ")}`,
      });
    },
  },
  StartOutboundChatContact: {
    errors: ["NoMatchingError"],
    check(c) {
      endpoint(c, "SourceEndpoint", "CONNECT_PHONENUMBER_ARN");
      endpoint(c, "DestinationEndpoint", "TELEPHONE_NUMBER");
      c.staticOrReference("ContactFlowArn");
      c.oneOf("ContactSubtype", ["connect:SMS"]);
      const message = objectParam(c, "InitialSystemMessage", false);
      if (message && (typeof message.Content !== "string" || message.Content === "")) {
        c.problem(
          "Parameters.InitialSystemMessage.Content",
          `must be a non-empty string, got ${shown(message.Content)}`,
        );
      }
      c.oneOf("RelatedContact", ["CURRENT"], false);
    },
  },
};
