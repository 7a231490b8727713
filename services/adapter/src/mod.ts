// @ariadne/adapter: one agency's adapter (delivery, receipts, replies, liaison-officer feed)
// and the feed client. Operator and integrator guide: docs/adapters-and-feeds.md.
export { type AdapterConfig, AdapterEnv, adapterConfigFromEnv } from "./config.ts";
export { AdapterError, type AdapterErrorCode, FEED_ERROR_CODES, FeedError, type FeedErrorCode } from "./errors.ts";
export { receiptIdOf, replyIdOf } from "./evidence/build.ts";
export { type Feed, type FeedFilters, type OpenFeedOptions, openFeed } from "./feed/client.ts";
export { matchesFilter } from "./feed/filter.ts";
export type { FeedItem } from "./feed/item.ts";
export { type Adapter, type AdapterDeps, createAdapter } from "./service.ts";
export { adapterStateBucket, openStateBucket } from "./state/bucket.ts";
export { CopyIndex, type CopyRecord, copyKeyFilter } from "./state/copy-index.ts";
