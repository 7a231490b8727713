import { HASH_SIZE } from "../merkle/hash.ts";

/**
 * What the verifier remembers of each entry of the range [from, to), packed: its leaf hash, its
 * previous_leaf_hash and the line it was first seen on. 68 bytes an entry, so a million-entry
 * export verifies in well under 100 MiB.
 */
export class EntryTable {
  private readonly leaves: Uint8Array;
  private readonly previous: Uint8Array;
  private readonly lines: Float64Array;
  private present = 0;

  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    const size = to - from;
    this.leaves = new Uint8Array(size * HASH_SIZE);
    this.previous = new Uint8Array(size * HASH_SIZE);
    this.lines = new Float64Array(size);
  }

  get complete(): boolean {
    return this.present === this.to - this.from;
  }

  contains(index: number): boolean {
    return index >= this.from && index < this.to;
  }

  /** Line of the entry with this index, 0 when not seen. */
  lineOf(index: number): number {
    return this.lines[index - this.from] ?? 0;
  }

  add(index: number, line: number, leafHash: Uint8Array, previousLeafHash: Uint8Array): void {
    const slot = index - this.from;
    this.leaves.set(leafHash, slot * HASH_SIZE);
    if (previousLeafHash.length === HASH_SIZE) this.previous.set(previousLeafHash, slot * HASH_SIZE);
    this.lines[slot] = line;
    this.present += 1;
  }

  leafHash(index: number): Uint8Array {
    const at = (index - this.from) * HASH_SIZE;
    return this.leaves.subarray(at, at + HASH_SIZE);
  }

  previousLeafHash(index: number): Uint8Array {
    const at = (index - this.from) * HASH_SIZE;
    return this.previous.subarray(at, at + HASH_SIZE);
  }
}
