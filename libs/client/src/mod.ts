export { ClientError, type ClientErrorCode } from "./errors.ts";
export { NcpClient, type NcpClientOptions, type Outcome, type Published } from "./publisher.ts";
export { followReturns, type ReturnFeed, type ReturnItem, type ReturnsOptions, readReturn } from "./returns.ts";
