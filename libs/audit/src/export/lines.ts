/** One line of a file: its bytes without the "\n", its 1-based number, and whether a "\n" ended it. */
export interface RawLine {
  readonly bytes: Uint8Array;
  readonly number: number;
  readonly terminated: boolean;
}

const LF = 0x0a;

/** Splits a byte stream into lines, chunk by chunk; a line may span chunks. */
export class LineSplitter {
  private pending: Uint8Array[] = [];
  private count = 0;

  push(chunk: Uint8Array): RawLine[] {
    const lines: RawLine[] = [];
    let start = 0;
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, start)) {
      this.pending.push(chunk.subarray(start, i));
      lines.push(this.take(true));
      start = i + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return lines;
  }

  /** The last line when the input did not end with "\n". */
  end(): RawLine | undefined {
    return this.pending.length === 0 ? undefined : this.take(false);
  }

  private take(terminated: boolean): RawLine {
    const bytes = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending);
    this.pending = [];
    this.count += 1;
    return { bytes: Uint8Array.from(bytes), number: this.count, terminated };
  }
}
