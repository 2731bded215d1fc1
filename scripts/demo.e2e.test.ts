import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// The README's first command, as a user runs it (`./dev demo --once`, here without the ./dev
// set-up around it), paid in native ETH (`--pay eth`; CI's main job runs the default GLM demo,
// so both payments are covered with a real VM): a local chain, the real provider daemon with
// payments.pay = eth and a QEMU VM under TCG, the `golem` CLI renting it through a stream on
// StreamPaymentNative, a real `ssh`, metering, a top-up, `golem vm destroy` and both ETH
// balances checked to the wei by the demo itself (each side's gas from its receipts, against
// the stream's events). Minutes: one VM boot.
const demo = fileURLToPath(new URL("./demo.ts", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

test("./dev demo --once --pay eth rents a VM through the golem CLI and settles the ETH stream to the wei", async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [demo, "--once", "--pay", "eth", "--port", "0"],
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
    "$ golem vm providers --pay eth",
    "$ golem vm create demo --provider-id",
    "$ golem vm ssh demo",
    "$ golem vm stream topup demo",
    "$ golem vm destroy demo",
  ]) {
    expect(output).toContain(command);
  }
  expect(output).toMatch(/^Linux \S+ .*\n2$/m);
  expect(output).toMatch(/\$ golem vm create demo --provider-id 0x[0-9a-fA-F]{40} --pay eth /);
  expect(output).toContain("StreamPaymentNative 0x");
  expect(output).toContain(
    "to the wei: the requestor's ETH change is deposit + top-ups − refund + its gas",
  );
  expect(output).toContain("every unit the requestor paid reached the provider");
  expect(output).toContain("demo finished");
  // No amount anywhere in the demo's output (tables, confirmations, balances, the provider's
  // CLI) shows binary-float noise such as 2.5400000000000016 or 992.3799999999999952.
  const floatArtefact = /\.\d*(0{9,}|9{9,})/;
  expect(output.split("\n").filter((line) => floatArtefact.test(line))).toEqual([]);
});
