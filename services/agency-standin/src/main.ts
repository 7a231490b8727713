import { createLogger, parseConfig, runUntilSignal } from "@ariadne/runtime";
import { StandinEnv } from "./config.ts";
import { startStandin } from "./server.ts";

// One agency's stand-in channel, configured from the environment (see config.ts), stopped
// gracefully on SIGTERM/SIGINT.
const env = parseConfig(StandinEnv, process.env, "agency-standin");
const logger = createLogger({ service: `agency-standin-${env.STANDIN_AGENCY}`, level: env.LOG_LEVEL });
const standin = await startStandin({
  agency: env.STANDIN_AGENCY,
  host: env.STANDIN_HOST,
  port: env.STANDIN_PORT,
  dataDir: env.STANDIN_DATA_DIR,
  control: { mode: env.STANDIN_MODE, delayMs: env.STANDIN_DELAY_MS, ackDelayMs: env.STANDIN_ACK_DELAY_MS },
  logger,
});
logger.info({ url: standin.url, agency: standin.agency, path: standin.path }, "ready");
runUntilSignal({ stop: () => standin.close() }, { logger });
