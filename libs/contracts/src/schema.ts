import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

/** The .proto sources: the single source of truth the generated code also comes from. */
export const PROTO_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../proto");

const FILES = [
  "ariadne/v1/alert.proto",
  "ariadne/v1/envelope.proto",
  "ariadne/v1/evidence.proto",
  "ariadne/v1/audit.proto",
];

let root: protobuf.Root | undefined;

/**
 * Reflection over the contract (protobufjs), for what generated code does not give: strict
 * checking of alert documents, field paths in mandates, the disclosure plan. Loaded once.
 */
export function schema(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  // google/protobuf/* are protobufjs's built-in common types; ours resolve under proto/.
  r.resolvePath = (_origin, target) => (target.startsWith("google/protobuf/") ? target : join(PROTO_DIR, target));
  r.loadSync(FILES, { keepCase: true });
  r.resolveAll();
  root = r;
  return r;
}

export function messageType(fullName: string): protobuf.Type {
  return schema().lookupType(fullName);
}
