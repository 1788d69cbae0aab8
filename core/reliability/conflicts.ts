import { ConflictError } from "../errors.ts";

/**
 * Optimistic updates: runs `attempt` (which reads what it needs afresh each time) again when
 * its conditional write lost a race (ConflictError), at most `maxAttempts` times in all, so
 * writers that keep colliding cannot loop for ever; the last conflict is rethrown.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  options: { maxAttempts: number },
): Promise<T> {
  for (let made = 1; ; made += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConflictError) || made >= options.maxAttempts) throw error;
    }
  }
}

/**
 * A write whose lost race is no failure: another writer recorded the same outcome first, and
 * `adopt` answers from what it stored. Any other error is rethrown.
 */
export async function unlessConflict<T>(
  write: () => Promise<T>,
  adopt: (conflict: ConflictError) => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return adopt(error);
  }
}
