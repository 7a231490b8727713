import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseLine } from "@ariadne/audit";
import { CliError } from "../errors.ts";

/** The export's signed checkpoint (exact Envelope bytes), to anchor a later export's consistency proof. */
export async function checkpointOfExport(file: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new CliError("FILE_UNREADABLE", `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, {
      cause,
    });
  }
  for (const line of text.split("\n", 4)) {
    const parsed = parseLine(line);
    if (parsed?.type === "checkpoint") return new Uint8Array(Buffer.from(parsed.envelope, "base64url"));
  }
  throw new CliError("FILE_UNREADABLE", `${file} is not an audit export (no checkpoint record)`);
}

/** Counts what streams by: entry records per chunk, and the header's range from the first. */
export class ExportTally {
  readonly #hash = createHash("sha256");
  #carry = "";
  bytes = 0;
  entries = 0;
  from: number | undefined;
  to: number | undefined;

  push(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.bytes += chunk.length;
    const lines = (this.#carry + Buffer.from(chunk).toString("utf8")).split("\n");
    this.#carry = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith('{"type":"entry"')) this.entries += 1;
      else if (line.startsWith('{"type":"header"')) {
        const h = parseLine(line);
        if (h?.type === "header") {
          this.from = h.from;
          this.to = h.to;
        }
      }
    }
  }

  get sha256(): string {
    return this.#hash.copy().digest("hex");
  }
}
