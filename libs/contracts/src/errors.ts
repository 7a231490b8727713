/** One problem with one field, addressed by its path in the proto3 JSON form ("persons[1].ageBand"). */
export interface FieldIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export type DocumentErrorCode = "MALFORMED" | "VALIDATION_FAILED";

/** A document (YAML/JSON alert) that is not a valid instance of the contract. */
export class DocumentError extends Error {
  override readonly name = "DocumentError";
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    readonly fields: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}
