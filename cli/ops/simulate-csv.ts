import { UsageError } from "./usage-error.ts";

/** One interval read from a historical metrics export. */
export interface HistoricalInterval {
  readonly label: string;
  readonly contactsOffered: number;
  readonly contactsHandled?: number;
  readonly contactsAbandoned?: number;
  readonly averageHandleSeconds: number;
  readonly agents?: number;
}

// Header spellings accepted for each column, after lower-casing and squashing punctuation to
// "_": ours, and the names Connect's historical metrics report uses for the same figure.
const COLUMNS = {
  label: ["interval_start", "interval", "start_interval", "startinterval"],
  offered: ["contacts_offered", "contacts_queued", "offered"],
  handled: ["contacts_handled", "handled"],
  abandoned: ["contacts_abandoned", "abandoned"],
  handle: ["average_handle_time", "average_handle_seconds", "aht"],
  agents: ["agents", "agents_staffed"],
} as const;

const MAX_ROWS = 2000;

/**
 * Parses a per-interval CSV: a header row, then one row per interval in time order.
 * Required columns: contacts_offered and average_handle_time (seconds, or H:MM:SS); optional:
 * interval_start (a label), contacts_handled, contacts_abandoned, agents. Every problem is
 * a UsageError naming the file, the line and the column.
 */
export function parseIntervalCsv(text: string, fileName: string): HistoricalInterval[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const fail = (line: number, message: string) =>
    new UsageError(`${fileName}: line ${line}: ${message}`);
  const header = splitRow(lines[0] ?? "").map(normalise);
  const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, names]) => [key, find(names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (at.offered < 0) throw fail(1, "no contacts_offered column in the header");
  if (at.handle < 0) throw fail(1, "no average_handle_time column in the header");
  const rows: HistoricalInterval[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line.trim() === "") continue;
    if (rows.length === MAX_ROWS) throw fail(index + 1, `more than ${MAX_ROWS} intervals`);
    const cells = splitRow(line);
    if (cells.length !== header.length) {
      throw fail(index + 1, `expected ${header.length} fields, got ${cells.length}`);
    }
    const cell = (column: number) => cells[column]?.trim() ?? "";
    const count = (column: number, name: string) => {
      const value = cell(column);
      if (!/^\d+$/.test(value)) throw fail(index + 1, `${name}: expected a count, got "${value}"`);
      return Number(value);
    };
    const handleText = cell(at.handle);
    const averageHandleSeconds = parseDuration(handleText);
    if (averageHandleSeconds === undefined || averageHandleSeconds <= 0) {
      throw fail(
        index + 1,
        `average_handle_time: expected seconds or H:MM:SS, got "${handleText}"`,
      );
    }
    rows.push({
      label: at.label >= 0 ? cell(at.label) : `#${rows.length + 1}`,
      contactsOffered: count(at.offered, "contacts_offered"),
      averageHandleSeconds,
      ...(at.handled >= 0 ? { contactsHandled: count(at.handled, "contacts_handled") } : {}),
      ...(at.abandoned >= 0
        ? { contactsAbandoned: count(at.abandoned, "contacts_abandoned") }
        : {}),
      ...(at.agents >= 0 ? { agents: count(at.agents, "agents") } : {}),
    });
  }
  if (rows.length === 0) throw fail(2, "no intervals after the header");
  return rows;
}

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

// Plain comma-separated fields, optionally double-quoted (with "" for a quote), as
// spreadsheet and Connect exports write them; one line per row.
function splitRow(line: string): string[] {
  const cells: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    const raw = match[1] ?? "";
    cells.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (match[2] === "") break;
  }
  return cells;
}

function parseDuration(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const match = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}
