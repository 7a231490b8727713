// The wire contract. Everything under ./gen is generated from proto/ by `npm run codegen`.
export * from "./alert-document.ts";
export * from "./errors.ts";
export * from "./field-paths.ts";
export * from "./gen/ariadne/v1/alert.pb.ts";
export * from "./gen/ariadne/v1/audit.pb.ts";
export * from "./gen/ariadne/v1/codes.pb.ts";
export * from "./gen/ariadne/v1/envelope.pb.ts";
export * from "./gen/ariadne/v1/evidence.pb.ts";
export * from "./gen/ariadne/v1/feed.pb.ts";
export * from "./ids.ts";
export * from "./present-units.ts";
export { messageType, PROTO_DIR, schema } from "./schema.ts";
export { checkProtoJson } from "./strict-json.ts";
