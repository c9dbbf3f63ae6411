// A bounded memory of derived values (compressed pictures, expanded documents) that are costly to make again: the least recently used go first once their total size passes the bound.
export class SizedLru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps `value` unless it alone is larger than the bound; the first value for a key stays. */
  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxSize || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.total += size;
    for (const [k, old] of this.entries) {
      if (this.total <= this.maxSize) break;
      this.entries.delete(k);
      this.total -= this.sizeOf(old);
    }
  }
}
