import { type AuditService, createAuditQueryClient, createAuditService } from "@ariadne/audit-service";
import { type AuditEvent, Purpose } from "@ariadne/contracts";
import type { Signer, Verifier } from "@ariadne/envelope";
import { createLogger, Metrics } from "@ariadne/runtime";
import { connect, type NatsConnection } from "@nats-io/transport-node";

/**
 * The real audit service (services/audit) in this process, on its own connection as a separate
 * process would be: down() stops it (appends then meet "no responders"), up() starts a new one,
 * which rebuilds the log from the AUDIT stream. trail() reads an alert's events back through the
 * audit query API, as an operator would.
 */
export class RealAudit {
  #service: AuditService | undefined;
  #nc: NatsConnection | undefined;

  constructor(
    readonly url: string,
    readonly signers: { readonly audit: Signer; readonly operator: Signer },
    readonly verifier: Verifier,
    readonly queryNc: NatsConnection,
  ) {}

  get up(): boolean {
    return this.#service !== undefined;
  }

  async start(): Promise<void> {
    if (this.#service) return;
    const nc = await connect({ servers: this.url });
    const service = createAuditService({
      nc,
      signer: this.signers.audit,
      verifier: this.verifier,
      logger: createLogger({ service: "audit", level: "silent" }),
      metrics: new Metrics("audit"),
      options: { logId: "ariadne-audit/router-test", checkpointIntervalMs: 3_600_000 },
    });
    await service.start();
    this.#service = service;
    this.#nc = nc;
  }

  async down(): Promise<void> {
    await this.#service?.stop();
    await this.#nc?.drain();
    this.#service = undefined;
    this.#nc = undefined;
  }

  /** Every event of an alert, in log order (each query is itself logged as a consultation). */
  async trail(alertId: string): Promise<AuditEvent[]> {
    const client = createAuditQueryClient(this.queryNc, this.signers.operator, {
      why: {
        purposes: [Purpose.PURPOSE_CRIMINAL_ANALYSIS],
        legalBasis: "Directive (EU) 2016/680 Art. 25 (logging), verification of the routing by the operator",
      },
      verifier: this.verifier,
      timeoutMs: 10_000,
    });
    return (await client.fullTrail(alertId)).map((e) => e.event);
  }
}
