import { HASH_SIZE } from "./hash.ts";

// 1024 hashes (32 KiB) per chunk: appends never copy what is stored, and a nearly empty upper
// level of the tree wastes at most one small chunk.
const CHUNK_HASHES = 1024;
const CHUNK_BYTES = CHUNK_HASHES * HASH_SIZE;

/**
 * An append-only array of 32-byte hashes packed into large byte chunks: a million hashes are
 * 32 MiB of data instead of a million small objects, each with its own header.
 */
export class HashColumn {
  private readonly chunks: Uint8Array[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: Uint8Array): void {
    const chunkIndex = Math.floor(this.count / CHUNK_HASHES);
    let chunk = this.chunks[chunkIndex];
    if (chunk === undefined) {
      chunk = new Uint8Array(CHUNK_BYTES);
      this.chunks.push(chunk);
    }
    chunk.set(value, (this.count % CHUNK_HASHES) * HASH_SIZE);
    this.count += 1;
  }

  /** A read-only view into the column; callers that hand it out copy it first. */
  at(index: number): Uint8Array {
    const chunk = this.chunks[Math.floor(index / CHUNK_HASHES)];
    if (chunk === undefined || index < 0 || index >= this.count) {
      throw new RangeError(`hash ${index} of ${this.count}`);
    }
    const offset = (index % CHUNK_HASHES) * HASH_SIZE;
    return chunk.subarray(offset, offset + HASH_SIZE);
  }
}
