import type { Logger } from "../core/ports/logger.ts";
/** The part of the one Logger (core/ports/logger.ts) this edge calls. */
export type RelayLogger = Pick<Logger, "warn" | "error">;
