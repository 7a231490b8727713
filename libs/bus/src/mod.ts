export * from "./headers.ts";
export * from "./parties.ts";
export * from "./streams.ts";
export * from "./subjects.ts";
