import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// The README's first command, as a user runs it (`./dev demo --once`, here without the ./dev
// set-up around it): a local chain, the real provider daemon with a QEMU VM under TCG, the
// `golem` CLI renting it through a stream, a real `ssh`, metering, a top-up, `golem vm
// destroy` and both balances checked by the demo itself. Minutes: one VM boot.
const demo = fileURLToPath(new URL("./demo.ts", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

test("./dev demo --once rents a VM through the golem CLI and settles the stream", async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [demo, "--once", "--port", "0"],
      { cwd: root, timeout: 18 * 60_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const exit = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code: exit, output: stdout + stderr });
      },
    );
  });
  expect(code, output).toBe(0);
  // Every step went through the CLI, and the VM answered over SSH with its 2 vCPUs.
  for (const command of [
    "$ golem wallet faucet",
    "$ golem vm providers",
    "$ golem vm create demo",
    "$ golem vm ssh demo",
    "$ golem vm stream topup demo",
    "$ golem vm destroy demo",
  ]) {
    expect(output).toContain(command);
  }
  expect(output).toMatch(/^Linux \S+ .*\n2$/m);
  expect(output).toContain("every unit the requestor paid reached the provider");
  expect(output).toContain("demo finished");
  // No amount anywhere in the demo's output (tables, confirmations, balances, the provider's
  // CLI) shows binary-float noise such as 2.5400000000000016 or 992.3799999999999952.
  const floatArtefact = /\.\d*(0{9,}|9{9,})/;
  expect(output.split("\n").filter((line) => floatArtefact.test(line))).toEqual([]);
});
