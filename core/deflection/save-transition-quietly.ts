import { unlessConflict } from "../reliability/conflicts.ts";
import type { DeflectionSession } from "../session/deflection-session.ts";
import type { DeflectionDeps } from "./deflection-deps.ts";

/** A lost race on a status write is fine here: the winner recorded the same outcome. */
export async function saveTransitionQuietly(
  deps: DeflectionDeps,
  previous: DeflectionSession,
  next: DeflectionSession,
): Promise<void> {
  await unlessConflict(
    () => deps.sessions.saveTransition(previous, next),
    async () => {},
  );
}
