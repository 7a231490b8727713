// `npm run bench [-- --quick] [-- --reps N]`: Ariadne against same-run baselines (docs/performance.md).
// L1 = raw JetStream relay, L2 = L1 + raw Ed25519, Ariadne = the real pipeline; interleaved reps.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT, startLocalNats } from "@ariadne/nats-server";
import { AriadneBench, type LatencyResult, type ThroughputResult } from "./ariadne.ts";
import { Baselines, type RelayResult } from "./baseline.ts";
import { median, sampleProc } from "./proc-stats.ts";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const repsArg = argv.indexOf("--reps");
const reps = repsArg >= 0 ? Number(argv[repsArg + 1]) : quick ? 3 : 5;
const P = quick
  ? { relayAlerts: 1000, ariadneAlerts: 150, latencyAlerts: 100, latencyCap: 4, drainMs: 20_000, sweepAlerts: 500 }
  : { relayAlerts: 4000, ariadneAlerts: 1000, latencyAlerts: 1500, latencyCap: 10, drainMs: 60_000, sweepAlerts: 3000 };
const log = (s: string) => process.stderr.write(`${s}\n`);
const started = Date.now();
// --profile <dir>: every pipeline process writes a V8 CPU profile there when it stops.
const profArg = argv.indexOf("--profile");
if (profArg >= 0) {
  const dir = resolve(argv[profArg + 1] ?? "bench-results/prof");
  await mkdir(dir, { recursive: true });
  process.env["BENCH_PROFILE_DIR"] = dir;
  process.env["NODE_OPTIONS"] = `--import ${join(REPO_ROOT, "bench/cpu-profile-hook.mjs")}`;
}

await using nats = await startLocalNats({ startTimeoutMs: 30_000 });
log(`nats-server ${nats.url}; cpus ${cpus().length}; load ${loadavg().map((l) => l.toFixed(1))}`);
const base = await Baselines.start(nats.url);
log("starting the Ariadne stack (router, 3 adapters, 3 stand-ins, audit) ...");
const ariadne = await AriadneBench.start(nats.url);
delete process.env["NODE_OPTIONS"]; // the baselines' relay workers are not profiled
const copies = await ariadne.warmUp();
log(`warm-up done; copies per example alert: ${copies.join("/")}`);
await base.relay("L1", 3, 1024, 300); // warm the relay path too

// Interleaved repetitions at the reference point: 3 recipients, ~1 KB (alert-sized).
const l1: RelayResult[] = [];
const l2: RelayResult[] = [];
const ar: ThroughputResult[] = [];
for (let r = 0; r < reps; r++) {
  l1.push(await base.relay("L1", 3, 1024, P.relayAlerts));
  l2.push(await base.relay("L2", 3, 1024, P.relayAlerts));
  ar.push(await ariadne.throughput(P.ariadneAlerts, 120_000));
  log(
    `rep ${r + 1}/${reps}: L1 ${l1.at(-1)?.alertsPerSecond.toFixed(0)}/s, L2 ${l2.at(-1)?.alertsPerSecond.toFixed(0)}/s, ` +
      `Ariadne ${ar.at(-1)?.alertsPerSecond.toFixed(0)}/s (${ar.at(-1)?.delivered}/${P.ariadneAlerts} delivered)`,
  );
}
const L1 = median(l1.map((x) => x.alertsPerSecond));
const L2 = median(l2.map((x) => x.alertsPerSecond));
const AR = median(ar.map((x) => x.alertsPerSecond));

// Open-loop latency; a level Ariadne cannot sustain is capped in alerts (it would only queue).
const latencies: (LatencyResult & { level: string })[] = [];
// "50% Ariadne" is a load the pipeline sustains: its latency is service time, not queueing.
for (const [level, rate] of [
  ["50% Ariadne", 0.5 * AR],
  ["10% L1", 0.1 * L1],
  ["500/s", 500],
  ["50% L1", 0.5 * L1],
  ["80% L1", 0.8 * L1],
] as const) {
  const count = Math.min(P.latencyAlerts, Math.max(50, Math.round(rate * P.latencyCap)));
  const res = await ariadne.latency(rate, count, P.drainMs);
  latencies.push({ level, ...res });
  log(`latency ${level} (${rate.toFixed(0)}/s, ${count} alerts): p50 ${res.p50} ms p99 ${res.p99} ms`);
}
const rss = ariadne.peakRss();
const cpuMedian: Record<string, number> = {};
for (const name of Object.keys(ar[0]?.cpuMicrosPerAlert ?? {}))
  cpuMedian[name] = median(ar.map((x) => x.cpuMicrosPerAlert[name] ?? 0));
const natsCpu = sampleProc(nats.pid ?? 0);
await ariadne.stop();

// Sweep of the baselines over recipients and size (the Ariadne pipeline's recipients and
// size are fixed by the deployment's mandates and the example alerts; see the doc).
const sweep: RelayResult[] = [];
for (const recipients of [1, 3, 5])
  for (const bytes of [1024, 4096])
    for (const mode of ["L1", "L2"] as const) sweep.push(await base.relay(mode, recipients, bytes, P.sweepAlerts));
await base.stop();

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "-");
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const lines: string[] = [];
lines.push(`Ariadne bench (${quick ? "quick" : "full"}, ${reps} interleaved reps; medians)`);
lines.push(`  load average at start ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
lines.push("throughput (3 recipients, ~1 KB):");
lines.push(
  `  L1 raw JetStream relay      ${fmt(L1)} alerts/s   (relay ${fmt(median(l1.map((x) => x.relayCpuMicrosPerAlert)))} µs CPU/alert)`,
);
lines.push(
  `  L2 + Ed25519 verify/3 signs ${fmt(L2)} alerts/s   (relay ${fmt(median(l2.map((x) => x.relayCpuMicrosPerAlert)))} µs CPU/alert)`,
);
lines.push(`  Ariadne pipeline            ${fmt(AR)} alerts/s   (envelope ${ar[0]?.envelopeBytes ?? 0} bytes)`);
lines.push(`  Ariadne/L1 = ${fmt(AR / L1, 3)}   Ariadne/L2 = ${fmt(AR / L2, 3)}`);
lines.push("Ariadne CPU per alert and peak RSS, by process:");
for (const [name, us] of Object.entries(cpuMedian))
  lines.push(`  ${name.padEnd(22)} ${fmt(us).padStart(7)} µs  ${mb(rss[name] ?? 0).padStart(7)}`);
lines.push(`  ${"nats-server (all runs)".padEnd(22)} ${"".padStart(7)}    ${mb(natsCpu.peakRssBytes).padStart(7)}`);
lines.push("end-to-end latency, open loop, from the intended send time to the last copy recorded at an endpoint:");
lines.push("  level         rate/s   sent/s  delivered      p50      p99    p99.9 (ms)");
for (const l of latencies)
  lines.push(
    `  ${l.level.padEnd(11)} ${fmt(l.targetRate).padStart(8)} ${fmt(l.achievedSendRate).padStart(8)} ${`${l.delivered}/${l.alerts}`.padStart(10)} ${fmt(l.p50).padStart(8)} ${fmt(l.p99).padStart(8)} ${fmt(l.p999).padStart(8)}`,
  );
lines.push("baseline sweep (alerts/s):  recipients  size   L1      L2");
for (let i = 0; i < sweep.length; i += 2) {
  const a = sweep[i] as RelayResult;
  const b = sweep[i + 1] as RelayResult;
  lines.push(
    `  ${String(a.recipients).padStart(36)} ${`${a.bytes / 1024}K`.padStart(5)} ${fmt(a.alertsPerSecond).padStart(6)} ${fmt(b.alertsPerSecond).padStart(7)}`,
  );
}
lines.push(`(took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
const p99At500 = latencies.find((l) => l.level === "500/s")?.p99 ?? Number.NaN;
process.stdout.write(`${lines.join("\n")}\n`);

const dir = join(REPO_ROOT, "bench-results");
await mkdir(dir, { recursive: true });
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
await writeFile(
  file,
  JSON.stringify(
    {
      quick,
      reps,
      loadavg: loadavg(),
      cpus: cpus().length,
      L1,
      L2,
      ariadne: AR,
      ratioL1: AR / L1,
      ratioL2: AR / L2,
      runs: { l1, l2, ariadne: ar },
      cpuMicrosPerAlert: cpuMedian,
      peakRssBytes: rss,
      natsPeakRssBytes: natsCpu.peakRssBytes,
      latencies,
      sweep,
    },
    null,
    2,
  ),
);
process.stdout.write(`results: ${file}\n`);
process.stdout.write(`ariadne/L1=${(AR / L1).toFixed(3)} ariadne=${AR.toFixed(0)} p99_ms=${fmt(p99At500)}\n`);
