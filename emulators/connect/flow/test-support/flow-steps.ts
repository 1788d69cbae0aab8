/** Flow steps the interpreter's tests build flows from. */

/** Ends the contact; every test flow has it as "hang-up". */
export const hangUp = { Identifier: "hang-up", Type: "DisconnectParticipant", Transitions: {} };

/** A prompt (its text defaults to its id), then `next`; a failure hangs up. */
export function say(Identifier: string, Text: string = Identifier, NextAction = "hang-up") {
  return {
    Identifier,
    Type: "MessageParticipant",
    Parameters: { Text },
    Transitions: { NextAction, Errors: [{ ErrorType: "NoMatchingError", NextAction: "hang-up" }] },
  };
}
