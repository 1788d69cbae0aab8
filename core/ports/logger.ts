/**
 * A structured logger, as the functions and the relay use one (Powertools' Logger fits): a
 * message, then fields. One shape for every edge; each takes the part it calls.
 */
export interface Logger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
