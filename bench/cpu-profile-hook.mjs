// Loaded with NODE_OPTIONS=--import (where --cpu-prof is not allowed): profiles the whole
// process and writes <dir>/<pid>-<argv1 basename>.cpuprofile when it exits.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { basename, join } from "node:path";

const dir = process.env.BENCH_PROFILE_DIR ?? ".";
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.start");
process.on("exit", () => {
  // Same-thread inspector sessions answer synchronously, so this completes inside 'exit'.
  session.post("Profiler.stop", (err, res) => {
    if (!err)
      writeFileSync(
        join(dir, `${process.pid}-${basename(process.argv[1] ?? "node")}.cpuprofile`),
        JSON.stringify(res.profile),
      );
  });
});
