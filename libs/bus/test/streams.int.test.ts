import { startNats } from "@ariadne/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { ensureStreams, H, STREAMS, subjects } from "../src/mod.ts";

describe("streams", () => {
  it("are created idempotently; intake dedups by msg id; the audit log refuses delete and purge", async () => {
    await using server = await startNats();
    const nc = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStreams(jsm, { replicas: 1 });
      await ensureStreams(jsm, { replicas: 1 });
      const names: string[] = [];
      for await (const s of jsm.streams.list()) names.push(s.config.name);
      expect(names.sort()).toEqual(Object.values(STREAMS).sort());

      const js = jetstream(nc);
      const h = headers();
      h.set(H.msgId, "019380a2-6c1e-7a3b-9f10-2b7c4d5e6f01.1");
      const first = await js.publish(subjects.intake("ncp.nl"), "a", { headers: h });
      const again = await js.publish(subjects.intake("ncp.nl"), "a", { headers: h });
      expect(again.duplicate).toBe(true);
      expect(again.seq).toBe(first.seq);

      const ack = await js.publish(subjects.auditLog, "leaf");
      await expect(jsm.streams.deleteMessage(STREAMS.AUDIT, ack.seq)).rejects.toThrow();
      await expect(jsm.streams.purge(STREAMS.AUDIT)).rejects.toThrow();
      expect((await jsm.streams.info(STREAMS.AUDIT)).state.messages).toBe(1);
    } finally {
      await nc.close();
    }
  });
});
