import type { Clock, TimerHandle } from "../../shared-http/clock.ts";

/** At most one pending timer per contact (answer, talk end, after-contact work end). */
export class ContactTimers {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  schedule(contactId: string, seconds: number, action: () => void): void {
    this.cancel(contactId);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(contactId);
      action();
    }, seconds * 1000);
    this.timers.set(contactId, handle);
  }

  cancel(contactId: string): void {
    const handle = this.timers.get(contactId);
    if (handle) this.clock.clearTimeout(handle);
    this.timers.delete(contactId);
  }
}
