import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { sampleProcessUsage } from "./process-usage.ts";

describe("sampleProcessUsage (real processes, /proc)", () => {
  test("a busy process uses about one CPU, an idle one about none", async () => {
    const busy = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
    const idle = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      stdio: "ignore",
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [hot, cold] = await Promise.all([
        sampleProcessUsage(busy.pid as number, 500),
        sampleProcessUsage(idle.pid as number, 500),
      ]);
      // The machine is shared, so "busy" gets whatever share it is given; a single thread
      // never exceeds one CPU, and an idle process uses next to none.
      expect(hot.cpusBusy).toBeGreaterThan(0.02);
      expect(hot.cpusBusy).toBeLessThan(1.1);
      expect(cold.cpusBusy).toBeLessThan(0.1);
      expect(hot.cpusBusy).toBeGreaterThan(cold.cpusBusy);
      // The CPU time is cumulative: a later sample has at least what the window added.
      const later = await sampleProcessUsage(busy.pid as number, 10);
      expect(later.cpuSeconds).toBeGreaterThanOrEqual(hot.cpuSeconds);
      expect(hot.cpuSeconds).toBeGreaterThan(cold.cpuSeconds);
      expect(hot.windowMs).toBeGreaterThanOrEqual(490);
      expect(cold.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    } finally {
      busy.kill("SIGKILL");
      idle.kill("SIGKILL");
    }
  });

  test("a process that is gone throws", async () => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const pid = child.pid as number;
    await once(child, "exit");
    await expect(sampleProcessUsage(pid, 10)).rejects.toThrow(/ENOENT/);
  });
});
