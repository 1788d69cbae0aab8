/**
 * A size-bounded least-recently-used map. Written here (a dozen lines on Map's insertion
 * order) rather than adding a dependency to the emulators for it.
 */
export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; size: number }>();
  readonly #maxSize: number;
  #size = 0;

  /** `maxSize` in the unit `sizeOf` returns (bytes, say). */
  constructor(
    maxSize: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {
    if (!(maxSize > 0)) throw new RangeError("maxSize must be positive");
    this.#maxSize = maxSize;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const size = this.sizeOf(value);
    this.#entries.set(key, { value, size });
    this.#size += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#size <= this.#maxSize || oldest === key) break;
      this.#entries.delete(oldest);
      this.#size -= entry.size;
    }
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#size -= entry.size;
  }

  get count(): number {
    return this.#entries.size;
  }
}
