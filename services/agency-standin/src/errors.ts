export type StandinErrorCode =
  /** A persisted log has a line that is not a record (beyond a torn last line, which is dropped). */
  | "STORE_CORRUPT"
  /** The stand-in was asked to work after close(). */
  | "CLOSED";

export class StandinError extends Error {
  override readonly name = "StandinError";
  constructor(
    readonly code: StandinErrorCode,
    message: string,
  ) {
    super(message);
  }
}
