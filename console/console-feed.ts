import type { ServerResponse } from "node:http";
import type { ConsoleSections, SectionName } from "./console-view.ts";

/** How to read each section the page shows; a page without a section has no reader for it. */
export type SectionReaders = {
  readonly [K in SectionName]?: () => ConsoleSections[K] | Promise<ConsoleSections[K]>;
};

/** How often each section is read again when nothing announced a change. */
export interface FeedTiming {
  /** The in-memory sections (calls, phones, agent). */
  readonly liveMs: number;
  /** The table's funnel and policies (a DynamoDB query per queue). */
  readonly operationsMs: number;
}

/**
 * Pushes each section of the page as a server-sent event, only when its content changed.
 * The Connect emulator announces routing events (the console nudges the feed on them), but
 * prompts heard, Twilio's status steps and the table's counters change without an event
 * anyone can subscribe to, so each section is also re-read on a short timer and compared
 * with what was last sent: the page never polls, and nothing is sent twice.
 */
export class ConsoleFeed {
  readonly #readers: SectionReaders;
  readonly #clients = new Set<ServerResponse>();
  readonly #last = new Map<SectionName, string>();
  readonly #reading = new Map<SectionName, Promise<void>>();
  readonly #timers: NodeJS.Timeout[] = [];
  #nudged = false;
  #closed = false;

  constructor(readers: SectionReaders, timing: FeedTiming) {
    this.#readers = readers;
    const live = this.#names.filter((name) => name !== "operations");
    // Nobody watching, nothing read: the sandbox runs as fast without a page open.
    const watched = (names: SectionName[]) => () => {
      if (this.#clients.size > 0) void this.refresh(names);
    };
    if (live.length > 0) this.#timers.push(setInterval(watched(live), timing.liveMs));
    if (readers.operations) {
      this.#timers.push(setInterval(watched(["operations"]), timing.operationsMs));
    }
  }

  /** The sections this feed has readers for: all four in the sandbox, operations alone in ops. */
  get #names(): SectionName[] {
    return (Object.keys(this.#readers) as SectionName[]).filter((name) => this.#readers[name]);
  }

  /** Opens an event stream to a page and sends it every section as it stands. */
  async attach(response: ServerResponse): Promise<void> {
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    response.write("retry: 1000\n\n");
    this.#clients.add(response);
    response.on("close", () => this.#clients.delete(response));
    await this.refresh(this.#names);
    for (const [name, json] of this.#last) response.write(frame(name, json));
  }

  /** Something changed now (a routing event, a request from the page): read soon, once. */
  nudge(): void {
    if (this.#nudged || this.#closed || this.#clients.size === 0) return;
    this.#nudged = true;
    setImmediate(() => {
      this.#nudged = false;
      void this.refresh(this.#names);
    });
  }

  /** Reads the sections (one read of each at a time) and sends those that changed. */
  async refresh(names: readonly SectionName[]): Promise<void> {
    await Promise.all(names.map((name) => this.#refreshOne(name)));
  }

  #refreshOne(name: SectionName): Promise<void> {
    const running = this.#reading.get(name);
    if (running) return running;
    const read = (async () => {
      try {
        const read = this.#readers[name];
        if (!read) return;
        const json = JSON.stringify(await read());
        if (this.#closed || this.#last.get(name) === json) return;
        this.#last.set(name, json);
        for (const client of this.#clients) client.write(frame(name, json));
      } catch (error) {
        console.error(`  ! console: reading ${name} failed:`, error);
      } finally {
        this.#reading.delete(name);
      }
    })();
    this.#reading.set(name, read);
    return read;
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}

function frame(name: SectionName, json: string): string {
  return `event: ${name}\ndata: ${json}\n\n`;
}
