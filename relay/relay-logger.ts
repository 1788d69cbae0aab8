/** The logging the relay edges need; Powertools' Logger fits it. */
export interface RelayLogger {
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}
