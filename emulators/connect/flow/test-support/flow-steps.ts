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

/** An action's error branch: any failure goes to `NextAction`. */
export const fail = (NextAction: string) => [{ ErrorType: "NoMatchingError", NextAction }];

/** A Customer Profiles look-up's error branches: nothing found, or any other failure. */
export const notFoundOrFail = (NextAction: string) => [
  { ErrorType: "NoneFoundError", NextAction },
  { ErrorType: "NoMatchingError", NextAction },
];
