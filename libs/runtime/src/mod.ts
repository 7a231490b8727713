export * from "./config.ts";
export * from "./health.ts";
export * from "./lifecycle.ts";
export * from "./logger.ts";
export * from "./metrics.ts";
export * from "./nats.ts";
export * from "./trace.ts";
export * from "./work-loop.ts";
