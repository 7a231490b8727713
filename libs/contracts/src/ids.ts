import { v7 as uuidv7, validate, version } from "uuid";

/** A new alert id: UUIDv7, so ids sort by creation time and need no coordination. */
export function newAlertId(): string {
  return uuidv7();
}

/** A new id for receipts, notices, events: also UUIDv7 for time order in logs and trails. */
export const newId: () => string = uuidv7;

export function isAlertId(value: string): boolean {
  return validate(value) && version(value) === 7;
}
