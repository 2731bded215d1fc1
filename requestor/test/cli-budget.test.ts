// Top-up budgets end to end through the golem CLI: a real Hardhat node with the contracts, the
// real `golem-provider` daemon with payments on (its stream monitor ticks every 5 s) and the
// CLI in child processes. The VMs come from the provider's TEST-ONLY fake process driver
// (GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR): the subject is who pays and what the monitor
// does, not the hypervisor. Chain time is moved on with evm_increaseTime.
import { getStream, getStreamState } from "@vm-on-golem/sdk/contract";
import { refundableAt, type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

let paid: PaidChain;
let daemon: ProviderDaemon;
let providerId: Address;
let env: Record<string, string>;

const run = (args: string[]) => runGolem(args, env, { timeoutMs: 180_000 });
const golem = (args: string[]) => run([...args, "--json"]);
const size = ["--cpu", "1", "--memory", "1", "--storage", "4", "--max-price", "2"];

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  providerId = await daemon.address();
  // The provider pays the gas of its pulls from budgets.
  await paid.testClient.setBalance({ address: providerId, value: parseEther("10") });
  env = { ...paid.env, ...fakeGuestLoginEnv };
}, 300_000);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop().catch(() => {});
  // Backstop for a failed step: no fake guest process outlives the test.
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

type Created = {
  streamId: string;
  ratePerSecond: string;
  topUpBudget: string | null;
  vmId: string;
};
type Listed = {
  name: string;
  status: string;
  statusSource: "provider" | "local";
  providerError: string | null;
  runwaySeconds: string | null;
  topUpBudget: string | null;
};
const address = () => paid.deployment.contracts.StreamPayment.address;
const streamOf = (id: string, blockNumber?: bigint) =>
  getStream(paid.publicClient, { address: address(), streamId: toStreamId(id), blockNumber });
const listed = async () => jsonOf<{ vms: Listed[] }>(await golem(["vm", "list"])).vms;
const row = async (name: string) => (await listed()).find((vm) => vm.name === name);

describe("top-up budgets through the golem CLI (real chain, provider daemon)", () => {
  let short: Created;
  let kept: Created;
  let rate: bigint;

  it("vm create without a budget and under a day of runway warns on stderr after the result, naming --auto-topup-hours", async () => {
    jsonOf(await golem(["wallet", "faucet"]));
    const out = await golem([
      ...["vm", "create", "short", "--provider-id", providerId, "--provider-url", daemon.apiUrl],
      ...[...size, "--hours", "1", "--yes"],
    ]);
    short = jsonOf<Created>(out);
    expect(out.stderr).toMatch(
      /warning: "short" is paid for 1 h and its stream has no top-up budget/,
    );
    expect(out.stderr).toMatch(/hint: next time add --auto-topup-hours 24/);
    expect(out.stderr).toMatch(/golem vm stream budget short --hours 24/);
    expect((await streamOf(short.streamId)).topUpBudget).toBe(0n);
  });

  it("vm create --auto-topup-hours sets the budget at the offer's rate, and does not warn", async () => {
    const out = await golem([
      ...["vm", "create", "kept", "--provider-id", providerId, "--provider-url", daemon.apiUrl],
      ...[...size, "--hours", "1", "--auto-topup-hours", "2", "--yes"],
    ]);
    kept = jsonOf<Created>(out);
    rate = BigInt(kept.ratePerSecond);
    expect(out.stderr).not.toMatch(/warning/);
    expect(BigInt(kept.topUpBudget ?? "")).toBe(rate * 7200n);
    expect((await streamOf(kept.streamId)).topUpBudget).toBe(rate * 7200n);
  });

  it("vm stream budget changes it (--hours, --amount, 0 clears) and asks first like the other money commands", async () => {
    const unconfirmed = await golem(["vm", "stream", "budget", "kept", "--hours", "5"]);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stdout + unconfirmed.stderr).toContain("CONFIRMATION_REQUIRED");
    expect((await streamOf(kept.streamId)).topUpBudget).toBe(rate * 7200n);

    const set = jsonOf<{ topUpBudget: string }>(
      await golem(["vm", "stream", "budget", "kept", "--hours", "5", "--yes"]),
    );
    expect(BigInt(set.topUpBudget)).toBe(rate * 5n * 3600n);
    expect((await streamOf(kept.streamId)).topUpBudget).toBe(rate * 5n * 3600n);
    jsonOf(await golem(["vm", "stream", "budget", "kept", "--amount", "0", "--yes"]));
    expect((await streamOf(kept.streamId)).topUpBudget).toBe(0n);
    jsonOf(await golem(["vm", "stream", "budget", "kept", "--amount", "0.5", "--yes"]));
    expect((await streamOf(kept.streamId)).topUpBudget).toBe(parseEther("0.5"));
    jsonOf(await golem(["vm", "stream", "budget", "kept", "--hours", "2", "--yes"]));
    expect((await streamOf(kept.streamId)).topUpBudget).toBe(rate * 7200n);

    const bad = await golem(["vm", "stream", "budget", "kept", "--hours", "soon", "--yes"]);
    expect(bad.stdout + bad.stderr).toContain("VALIDATION_FAILED");
  });

  it("vm list shows live status from the provider and runway + budget from the chain", async () => {
    const kRow = await row("kept");
    expect(kRow).toMatchObject({
      status: "running",
      statusSource: "provider",
      providerError: null,
    });
    expect(BigInt(kRow?.topUpBudget ?? "")).toBe(rate * 7200n);
    expect(Number(kRow?.runwaySeconds)).toBeGreaterThan(3000);
    const table = await run(["vm", "list"]);
    expect(table.stdout).toMatch(/Top-up budget/);
    expect(table.stdout).toMatch(/kept .*running.*2h of runway/);
  });

  it("past the deposit, the daemon pulls from the budget (deposit grows by exactly that) and the VM runs on; no budget: stopped", async () => {
    // The block passTime mines comes first; any pull of the daemon lands after it.
    const at = (await paid.publicClient.getBlockNumber()) + 1n;
    await paid.passTime(3600 - 200);
    const before = await streamOf(kept.streamId, at);
    expect(before.topUpBudget).toBe(rate * 7200n);
    await expect
      .poll(async () => (await streamOf(kept.streamId)).topUpBudget, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(0n);
    const after = await streamOf(kept.streamId);
    const now = BigInt(after.lastUpdate);
    expect(refundableAt(after, now) - refundableAt(before, now)).toBe(rate * 7200n);
    await expect
      .poll(async () => (await row("short"))?.status, { timeout: 60_000, interval: 1000 })
      .toBe("stopped");
    expect(await row("kept")).toMatchObject({ status: "running", statusSource: "provider" });

    const view = JSON.parse(await daemon.cli("streams", "show", kept.vmId, "--json"));
    expect(view.topUpBudget).toBe("0");
    expect(view.lastBudgetTopUp.amount).toBe((rate * 7200n).toString());
    expect(view.lastBudgetTopUp.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const shown = await daemon.cli("streams", "show", kept.vmId);
    expect(shown).toMatch(/lastBudgetTopUp .* at \d{4}-\d\d-\d\dT/);
  });

  it("budget exhausted: the VM is stopped, not destroyed", async () => {
    await paid.passTime(7300);
    await expect
      .poll(async () => (await row("kept"))?.status, { timeout: 60_000, interval: 1000 })
      .toBe("stopped");
    const state = await getStreamState(paid.publicClient, {
      address: address(),
      streamId: toStreamId(kept.streamId) as StreamId,
    });
    expect(state.stream.closed).toBe(false);
    expect(await row("kept")).toMatchObject({ statusSource: "provider", providerError: null });
  });

  it("vm list falls back to the local record, marked as such, when the provider cannot be reached", async () => {
    await daemon.stop();
    const kRow = await row("kept");
    expect(kRow).toMatchObject({ status: "stopped", statusSource: "local" });
    expect(kRow?.providerError).toMatch(/\S/);
    expect(kRow?.runwaySeconds).not.toBeNull();
    const table = await run(["vm", "list"]);
    expect(table.stdout).toMatch(/kept .*stopped \(recorded; provider unreachable\)/);
  });
});
