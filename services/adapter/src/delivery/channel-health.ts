import { AgencyError } from "@ariadne/agencies";

/**
 * Whether the channel answered the last time anyone asked (a delivery or an events poll).
 * Any HTTP answer counts as reachable, a refusal included; only "unavailable" and "timeout" do
 * not. Readiness reports it, so an operator sees a dead channel before the dead letters pile up.
 */
export class ChannelHealth {
  #reachable: boolean | undefined;
  #lastCode: string | undefined;

  observe(err?: unknown): void {
    if (err === undefined) {
      this.#reachable = true;
      this.#lastCode = undefined;
      return;
    }
    if (err instanceof AgencyError && (err.code === "CHANNEL_UNAVAILABLE" || err.code === "CHANNEL_TIMEOUT")) {
      this.#reachable = false;
      this.#lastCode = err.code;
      return;
    }
    if (err instanceof AgencyError && err.status !== undefined) this.#reachable = true;
  }

  /** Readiness: true, or the code of the last failure ("not probed yet" before any answer). */
  check(): true | string {
    if (this.#reachable === true) return true;
    return this.#reachable === undefined ? "not probed yet" : (this.#lastCode ?? "unreachable");
  }
}
