import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { getGlmBalance, getStreamState } from "@vm-on-golem/sdk/contract";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advertPeers } from "../../scripts/lib/advert-peers.ts";
import { type ProviderDaemon, startProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { corePricedPayments, type PaidChain, startPaidChain } from "./support/paid-setup.ts";

// The whole paid rental through the CLI only, nothing mocked: a Hardhat node with the
// contracts, the real provider daemon with payments on and the QEMU driver (one VM boot and
// one restart under TCG: minutes), found by the CLI through its signed advert over libp2p
// (bootstrapped from the daemon's TCP multiaddr), real OpenSSH into the VM. Run VM tests one
// at a time.
const vmTimeout = 20 * 60_000;
let paid: PaidChain;
let daemon: ProviderDaemon | undefined;
let providerId: Address;
let me: Address;
let env: Record<string, string>;

const golem = (args: string[], timeoutMs = 120_000) =>
  runGolem([...args, "--json"], env, { timeoutMs });

beforeAll(async () => {
  paid = await startPaidChain();
  const dataDir = join(paid.dir, "p");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  daemon = await startProviderDaemon({ dataDir, payments: corePricedPayments(paid) });
  const info = await createProviderClient({ baseUrl: daemon.apiUrl }).providerInfo();
  expect(info.paymentsEnabled).toBe(true);
  providerId = info.providerId as Address;
  const bootstrap = await advertPeers(daemon.apiUrl, "tcp", 60_000);
  expect(bootstrap.length).toBeGreaterThan(0);
  env = { ...paid.env, GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(",") };
}, vmTimeout);

afterAll(async () => {
  // Whatever a failed step left: VMs first (the daemon leaves them running), then the rest.
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 300_000 });
  await daemon?.stop();
  await paid?.stop();
}, vmTimeout);

describe("a paid rental through the golem CLI (real chain, provider daemon, QEMU, OpenSSH)", () => {
  let streamId: string;
  let balanceAfterCreate: bigint;

  it("providers finds the provider through its signed advert, priced for the size", async () => {
    const { providers } = jsonOf<{
      providers: { providerId: string; apiUrl: string; pricePerHour: string }[];
    }>(await golem(["vm", "providers", "--cpu", "2", "--memory", "1", "--storage", "4"]));
    expect(providers).toHaveLength(1);
    const [row] = providers as [(typeof providers)[0]];
    expect(row.providerId.toLowerCase()).toBe(providerId.toLowerCase());
    expect(new URL(row.apiUrl).port).toBe(new URL(daemon?.apiUrl ?? "").port);
    expect(BigInt(row.pricePerHour)).toBe(2n * 10n ** 18n); // 2 cores at 1 GLM per core-hour
  });

  it(
    "creates a VM from the advert: offer, permit stream, VM, waits for SSH, records it",
    async () => {
      me = jsonOf<{ address: Address }>(await golem(["wallet", "address"])).address;
      jsonOf(await golem(["wallet", "faucet"]));
      const before = await glmOf(me);
      const created = jsonOf<{
        status: string;
        streamId: string;
        deposit: string;
        ratePerSecond: string;
        sshCommand: string;
      }>(
        await golem(
          [
            ...["vm", "create", "web-1", "--provider-id", providerId],
            ...["--cpu", "2", "--memory", "1", "--storage", "4", "--hours", "1", "--yes"],
          ],
          vmTimeout,
        ),
      );
      expect(created.status).toBe("running");
      expect(created.sshCommand).toContain("golem@");
      streamId = created.streamId;
      // 2 cores at 1 GLM per core-hour (rounded up to whole base units per second), one hour.
      expect(BigInt(created.ratePerSecond)).toBe((2n * 10n ** 18n + 3599n) / 3600n);
      expect(BigInt(created.deposit)).toBe(BigInt(created.ratePerSecond) * 3600n);
      const state = await streamOf(streamId);
      expect(state.stream.sender).toBe(me);
      expect(state.stream.recipient).toBe(providerId);
      expect(state.isActive).toBe(true);
      balanceAfterCreate = await glmOf(me);
      expect(balanceAfterCreate).toBe(before - BigInt(created.deposit));
      const { vms } = jsonOf<{ vms: { name: string; streamId: string; status: string }[] }>(
        await golem(["vm", "list"]),
      );
      expect(vms).toEqual([
        expect.objectContaining({ name: "web-1", streamId, status: "running" }),
      ]);
    },
    vmTimeout,
  );

  it("ssh runs a command in the VM through OpenSSH", async () => {
    const run = await runGolem(["vm", "ssh", "web-1", "--", "nproc"], env);
    expect(run.stderr).not.toMatch(/error\[/);
    expect(run.stdout.trim()).toBe("2");
    expect(run.code).toBe(0);
  });

  it("the guest's sshd takes keys only and was started once (cloud-init did not restart it)", async () => {
    const script = [
      "sudo sshd -T | grep -E '^(passwordauthentication|kbdinteractiveauthentication|permitrootlogin) ' | sort",
      "sudo journalctl -b -u ssh.service -o cat | grep -c '^Started'",
    ].join("; ");
    const run = await runGolem(["vm", "ssh", "web-1", "--", script], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "kbdinteractiveauthentication no",
      "passwordauthentication no",
      "permitrootlogin no",
      "1",
    ]);
  });

  it("info is refreshed from the provider, with the stream's runway", async () => {
    const info = jsonOf<{
      status: string;
      refreshed: boolean;
      stream: { streamId: string; runwaySeconds: number };
    }>(await golem(["vm", "info", "web-1"]));
    expect(info).toMatchObject({ status: "running", refreshed: true });
    expect(info.stream.streamId).toBe(streamId);
    expect(info.stream.runwaySeconds).toBeGreaterThan(3000);
    const stats = jsonOf<{ cpu: { count: number }; memory: { totalMiB: number } }>(
      await golem(["vm", "stats", "web-1"]),
    );
    expect(stats.cpu.count).toBe(2);
    expect(stats.memory.totalMiB).toBe(1024);
  });

  it("stream topup adds an hour at the offer's rate, as the chain shows", async () => {
    const topup = jsonOf<{ amount: string; runwaySeconds: string }>(
      await golem(["vm", "stream", "topup", "web-1", "--hours", "1", "--yes"]),
    );
    const state = await streamOf(streamId);
    expect(BigInt(topup.amount)).toBe(state.stream.ratePerSecond * 3600n);
    expect(state.runwaySeconds).toBeGreaterThan(7000n);
    balanceAfterCreate -= BigInt(topup.amount);
    expect(await glmOf(me)).toBe(balanceAfterCreate);
  });

  it(
    "stop, then start waits for SSH again, and ssh still works",
    async () => {
      expect(jsonOf<{ status: string }>(await golem(["vm", "stop", "web-1"])).status).toBe(
        "stopped",
      );
      const started = jsonOf<{ status: string }>(await golem(["vm", "start", "web-1"], vmTimeout));
      expect(started.status).toBe("running");
      const run = await runGolem(["vm", "ssh", "web-1", "--", "nproc"], env);
      expect(run.stdout.trim()).toBe("2");
    },
    vmTimeout,
  );

  it("destroy terminates the stream on chain, refunds the rest and forgets the VM", async () => {
    const destroyed = jsonOf<{
      destroyedOnProvider: boolean;
      terminated: boolean;
      refunded: string;
      paidToProvider: string;
    }>(await golem(["vm", "destroy", "web-1"], 300_000));
    expect(destroyed).toMatchObject({ destroyedOnProvider: true, terminated: true });
    const state = await streamOf(streamId);
    expect(state.stream.closed).toBe(true);
    expect(await glmOf(me)).toBe(balanceAfterCreate + BigInt(destroyed.refunded));
    expect(await glmOf(providerId)).toBe(BigInt(destroyed.paidToProvider));
    expect(BigInt(destroyed.refunded)).toBeGreaterThan(0n);
    const { vms } = jsonOf<{ vms: unknown[] }>(await golem(["vm", "list"]));
    expect(vms).toEqual([]);
    const client = createProviderClient({ baseUrl: daemon?.apiUrl ?? "" });
    expect((await client.providerInfo()).resources.vms.used).toBe(0);
  }, 300_000);
});

function glmOf(owner: Address): Promise<bigint> {
  return getGlmBalance(paid.publicClient, { token: paid.deployment.contracts.GLM.address, owner });
}

function streamOf(id: string) {
  return getStreamState(paid.publicClient, {
    address: paid.deployment.contracts.StreamPayment.address,
    streamId: toStreamId(id),
  });
}
