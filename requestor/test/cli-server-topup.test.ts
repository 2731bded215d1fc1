import { getStreamState } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { openRequestorDb } from "../src/state/requestor-db.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { type GolemServer, startGolemServer } from "./support/golem-server.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

// `golem server api` in a child process against a real Hardhat node and a real provider daemon
// whose VMs are the TEST-ONLY fake process driver's guests: two VMs rented with the CLI, chain
// time moved past most of their runway, and the server's own timer tops them up, after asking
// the provider for each VM. A third "VM" is a row whose provider never answers (a closed port),
// paid by a plain stream: it must not be paid blindly.
type Entry = {
  streamId: string;
  vmName?: string;
  amount: string;
  held?: string;
  providerStatus?: string;
};
type Report = { last: { cycles: number; entries: Entry[]; unfunded: Entry[] } | null };

let paid: PaidChain;
let daemon: ProviderDaemon;
let server: GolemServer | undefined;
const streams: Record<string, string> = {};
const vmIds: Record<string, string> = {};
const silent = "0x00000000000000000000000000000000000a11ce";

async function rent(name: string, providerId: Address) {
  const vm = jsonOf<{ streamId: string; vmId: string }>(
    await runGolem(
      [
        ...["vm", "create", name, "--provider-id", providerId, "--provider-url", daemon.apiUrl],
        ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "1", "--yes", "--json"],
      ],
      { ...paid.env, ...fakeGuestLoginEnv },
      { timeoutMs: 180_000 },
    ),
  );
  streams[name] = vm.streamId;
  vmIds[name] = vm.vmId;
}

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  jsonOf(await runGolem(["wallet", "faucet", "--json"], paid.env));
  const providerId = await daemon.address();
  await rent("short-1", providerId);
  await rent("doomed-1", providerId);
  const open = jsonOf<{ streamId: string }>(
    await runGolem(
      [
        ...["vm", "stream", "open", "--provider-id", silent, "--rate", "3.6", "--hours", "1"],
        ...["--yes", "--json"],
      ],
      paid.env,
    ),
  );
  streams["silent-1"] = open.streamId;
  const db = openRequestorDb(paid.env.GOLEM_REQUESTOR_HOME ?? "");
  db.upsertVm({
    name: "silent-1",
    providerId: silent,
    providerApiUrl: "http://127.0.0.1:9",
    vmId: "vm-silent-1",
    streamId: open.streamId,
    sshHost: "127.0.0.1",
    sshPort: 22,
    status: "running",
    cpu: 1,
    memoryGiB: 1,
    storageGiB: 4,
    createdAt: Date.now(),
  });
  db.close();
  server = await startGolemServer(
    [
      ...["--port", "0", "--interval", "1", "--min-runway", "1800"],
      ...["--max-spend-per-request", "20", "--max-spend-per-day", "100"],
    ],
    paid.env,
  );
}, 600_000);

afterAll(async () => {
  await server?.stop();
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

const api = async <T>(path: string) => {
  const res = await (server as GolemServer).fetch(`/api/v1${path}`);
  return { status: res.status, body: (await res.json()) as T };
};
const stateOf = (name: string) =>
  getStreamState(paid.publicClient, {
    address: paid.deployment.contracts.StreamPayment.address,
    streamId: toStreamId(streams[name] ?? ""),
  });
const entryOf = (report: Report, name: string) =>
  report.last?.entries.find((e) => e.streamId === streams[name]);

/** Polls `/monitor` until `done` holds for a report (a cycle runs every second). */
async function waitForReport(done: (report: Report) => boolean): Promise<Report> {
  let report: Report = { last: null };
  for (let i = 0; i < 90; i++) {
    report = (await api<Report>("/monitor")).body;
    if (done(report)) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`monitor never got there: ${JSON.stringify(report)}\n${server?.stderr()}`);
}

/** Polls the chain until the monitor has topped up `name`'s stream past `balance`. */
async function waitForBalanceAbove(name: string, balance: bigint): Promise<void> {
  for (let i = 0; (await stateOf(name)).stream.balance <= balance; i++) {
    if (i > 90) throw new Error(`${name} was never topped up: ${server?.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("golem server api's auto top-up (real chain, provider daemon, TEST-ONLY fake guests)", {
  timeout: 240_000,
}, () => {
  it("keeps a short stream alive past its first depletion time (auto top-up, chain time travel)", async () => {
    const before = await stateOf("short-1");
    const firstDepletion = before.depletionTime;
    await paid.passTime(3000); // 600 s of runway left: below the 1800 s minimum
    await waitForBalanceAbove("short-1", before.stream.balance);
    const report = (await api<Report>("/monitor")).body;
    expect(entryOf(report, "short-1")).toMatchObject({ providerStatus: "running" });
    const after = await stateOf("short-1");
    expect(after.runwaySeconds).toBeGreaterThanOrEqual(7000n);
    expect(after.stream.balance).toBeGreaterThan(before.stream.balance);
    await paid.passTime(Number(firstDepletion - after.at) + 600);
    const later = await stateOf("short-1");
    expect(later.at).toBeGreaterThan(firstDepletion);
    expect(later.isActive).toBe(true);
  });

  it("an unreachable provider is not paid blindly: the stream is held and the VM kept", async () => {
    const { body } = await api<{ vms: { name: string; status: string }[] }>("/vms");
    const report = await waitForReport((r) => entryOf(r, "silent-1") !== undefined);
    expect(entryOf(report, "silent-1")).toMatchObject({
      amount: "0",
      held: "provider-unverified",
    });
    // Its runway ran out with the time travel above, and still nothing was added.
    const state = await stateOf("silent-1");
    expect(state.runwaySeconds).toBe(0n);
    expect(state.stream.balance).toBe(3_600_000_000_000_000_000n);
    // A silent provider is not a destroyed VM: the record stays as it was.
    expect(body.vms.find((v) => v.name === "silent-1")?.status).toBe("running");
    expect(server?.stderr()).toContain(
      `not topping up "silent-1" (stream #${streams["silent-1"]})`,
    );
  });

  it("stops paying for a VM its provider destroyed, marks it and says so", async () => {
    // The provider closes a paid VM's stream when it destroys the VM: it needs gas for that.
    await daemon.cli("wallet", "faucet");
    await daemon.cli("vm", "destroy", vmIds["doomed-1"] ?? "");
    const report = await waitForReport((r) =>
      (r.last?.unfunded ?? []).some((e) => e.streamId === streams["doomed-1"]),
    );
    const gone = report.last?.unfunded.find((e) => e.streamId === streams["doomed-1"]);
    expect(gone).toMatchObject({ vmName: "doomed-1", held: "vm-gone", amount: "0" });
    expect(["not-found", "destroying", "destroyed"]).toContain(gone?.providerStatus);
    const balance = (await stateOf("doomed-1")).stream.balance;
    const cycles = report.last?.cycles ?? 0;
    // Past the point where its runway is below the minimum: the live VM is topped up again,
    // the destroyed one is not.
    const short = (await stateOf("short-1")).stream.balance;
    await paid.passTime(5000);
    await waitForBalanceAbove("short-1", short);
    // Two more cycles with doomed-1's runway below the minimum.
    const seen = (await api<Report>("/monitor")).body.last?.cycles ?? 0;
    await waitForReport((r) => (r.last?.cycles ?? 0) > Math.max(cycles, seen) + 1);
    expect((await stateOf("doomed-1")).stream.balance).toBe(balance);
    const { vms } = jsonOf<{ vms: { name: string; status: string }[] }>(
      await runGolem(["vm", "list", "--json"], paid.env),
    );
    expect(["gone", "destroying", "destroyed"]).toContain(
      vms.find((v) => v.name === "doomed-1")?.status,
    );
    expect(server?.stderr()).toContain(`stopped paying for "doomed-1"`);
    expect(server?.stderr()).toContain("golem vm destroy doomed-1");
  });
});
