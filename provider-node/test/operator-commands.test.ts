// The operator's payment commands against the real `golem-provider start --daemon` process with
// payments on, paid through a real `hardhat node` (contracts deployed by the deploy script):
// a requestor rents a VM with the sdk's rent flow, chain time moves on, and `golem-provider
// streams list|show|earnings|withdraw` read and withdraw what the chain says was earned.
// The VM comes from the TEST-ONLY fake process driver (a detached process answering SSH
// banners): the VM is not the subject here, the payments are.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { getGlmBalance, withdrawnAmounts } from "@vm-on-golem/sdk/contract";
import type { VmStreamView } from "@vm-on-golem/sdk/provider-client";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { rentVm } from "@vm-on-golem/sdk/rent";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import type { Address, Hash, LocalAccount } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, freePortRange } from "../../scripts/lib/free-port.ts";
import { type LocalPaidChain, startLocalPaidChain } from "../../scripts/lib/local-paid-chain.ts";
import { killFakeGuests } from "./support/fake-process-driver.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../bin/golem-provider.js");

let paid: LocalPaidChain;
let dir: string;
let dataDir: string;
let fakeDir: string;
let apiPort: number;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  paid = await startLocalPaidChain();
  dir = await mkdtemp(join(tmpdir(), "gpo-"));
  dataDir = join(dir, "data");
  fakeDir = join(dir, "fake-vms");
  apiPort = await freePort();
  const ssh = await freePortRange(5);
  const host = await freePortRange(5, [ssh]);
  env = {
    ...process.env,
    // TEST ONLY: guests are fake processes, not VMs.
    GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir,
    GOLEM_PROVIDER_API_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(ssh),
    GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(ssh + 5),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + 5),
    GOLEM_PROVIDER_RESOURCES_MIN_MEMORY_GIB: "0.25",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "1",
    GOLEM_PROVIDER_PAYMENTS_ENABLED: "true",
    GOLEM_PROVIDER_PAYMENTS_RPC_URL: paid.chain.rpcUrl,
    GOLEM_PROVIDER_PAYMENTS_CHAIN_ID: String(paid.chain.chainId),
    GOLEM_PROVIDER_PAYMENTS_DEPLOYMENTS_DIR: paid.deploymentsDir,
    GOLEM_PROVIDER_PAYMENTS_MIN_RUNWAY_SECONDS: "600",
    // 1 tGLM per core-hour: a 1-core VM accrues about 1e18 / 3600 base units per second.
    GOLEM_PROVIDER_PRICING_PER_CORE_HOUR: "1000000000000000000",
  };
}, 180_000);

afterAll(async () => {
  if (dataDir) await cli("stop").catch(() => undefined);
  if (fakeDir) await killFakeGuests(fakeDir);
  if (dir) await rm(dir, { recursive: true, force: true });
  await paid?.stop();
});

const cli = (...args: string[]) =>
  run(process.execPath, [bin, ...args, "--data-dir", dataDir], { env });
const cliJson = async <T>(...args: string[]) =>
  JSON.parse((await cli(...args, "--json")).stdout) as T;
const glmOf = (owner: Address) =>
  getGlmBalance(paid.publicClient, { token: paid.deployment.contracts.GLM.address, owner });
type Withdrawal = { withdrawable: string; withdrawn: string; hash: Hash | null; unread: unknown };

/** What the chain says `hash` withdrew from `streamId`. */
async function withdrawnOnChain(hash: Hash, streamId: string): Promise<bigint> {
  const receipt = await paid.publicClient.getTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  const amounts = withdrawnAmounts(receipt, paid.deployment.contracts.StreamPayment.address);
  return amounts.get(BigInt(streamId) as StreamId) ?? 0n;
}

test("streams list|show|earnings|withdraw on a running paid node, checked on chain", async () => {
  // The provider's payment address gets gas (and test GLM) from the faucet before it starts.
  const { address: provider } = await cliJson<{ address: Address }>("wallet", "address");
  await cli("wallet", "faucet");
  const started = await cli("start", "--daemon", "--port", String(apiPort));
  expect(started.stdout).toMatch(/started in the background/);

  // pricing show asks the daemon: a shell without the daemon's price settings still sees what
  // it charges (1 tGLM per core-hour), from the daemon, not "0" from its own environment.
  const { GOLEM_PROVIDER_PRICING_PER_CORE_HOUR: _price, ...bareEnv } = env;
  const pricing = JSON.parse(
    (
      await run(process.execPath, [bin, "pricing", "show", "--json", "--data-dir", dataDir], {
        env: bareEnv,
      })
    ).stdout,
  );
  expect(pricing).toMatchObject({
    source: "daemon",
    running: true,
    tokenPrices: { perCoreHour: "1000000000000000000" },
    inEffect: { symbol: "tGLM", core: { tokenPerHour: "1" } },
  });

  // No paid VM yet.
  expect(await cliJson("streams", "list")).toEqual([]);
  expect((await cli("streams", "list")).stdout.trim()).toBe("no paid VMs");

  // A requestor rents a VM through the sdk's rent flow: offer, stream (permit), create.
  const wallet = await paid.fundedWallet({ glm: true });
  const client = createProviderClient({
    baseUrl: `http://127.0.0.1:${apiPort}`,
    signer: wallet.account as LocalAccount,
  });
  const { vm, streamId } = await rentVm({
    provider: client,
    wallet,
    providerId: provider,
    deployment: {
      chainId: paid.chain.chainId,
      streamPayment: paid.deployment.contracts.StreamPayment.address,
      token: paid.deployment.contracts.GLM.address,
    },
    vm: {
      name: "paid",
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
    },
    hours: 1,
  });
  await expect
    .poll(async () => (await client.getVm(vm.id)).status, { timeout: 20_000 })
    .toBe("running");

  const listed = await cliJson<VmStreamView[]>("streams", "list");
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({
    vmId: vm.id,
    streamId: streamId.toString(),
    sender: wallet.account.address,
    active: true,
    closed: false,
  });
  expect(listed[0]?.recipient.toLowerCase()).toBe(provider.toLowerCase());
  const rate = BigInt(listed[0]?.ratePerSecond ?? "0");
  // 1 tGLM per hour as a rate per second, rounded up.
  expect(rate).toBe((1_000_000_000_000_000_000n + 3599n) / 3600n);

  // Ten minutes pass on chain.
  await paid.passTime(600);
  const earnings = await cliJson<{ streams: number; withdrawable: string }>("streams", "earnings");
  expect(earnings.streams).toBe(1);
  const accrued = BigInt(earnings.withdrawable);
  expect(accrued).toBeGreaterThanOrEqual(600n * rate);
  expect((await cli("streams", "earnings")).stdout).toMatch(
    /^1 stream\(s\); withdrawable now 0\.1\d* tGLM$/m,
  );
  const shown = await cliJson<VmStreamView>("streams", "show", vm.id);
  expect(shown).toMatchObject({ vmId: vm.id, streamId: streamId.toString(), active: true });
  expect(BigInt(shown.withdrawable)).toBeGreaterThanOrEqual(accrued);
  const table = (await cli("streams", "list")).stdout;
  expect(table).toContain(vm.id);
  expect(table).toContain("1 tGLM/h");
  for (const text of [table, (await cli("streams", "earnings")).stdout]) {
    expect(text).not.toMatch(/\.\d*(0{9,}|9{9,})/);
  }
  expect(table).toContain("tGLM");
  expect(table).not.toMatch(/\bGLM\b/);

  // withdraw --all: one transaction; the provider gains exactly what the chain logged.
  const before = await glmOf(provider);
  const all = await cliJson<Withdrawal>("streams", "withdraw", "--all");
  expect(all.hash).toMatch(/^0x[0-9a-f]{64}$/);
  const onChain = await withdrawnOnChain(all.hash as Hash, streamId.toString());
  expect(BigInt(all.withdrawn)).toBe(onChain);
  expect(onChain).toBeGreaterThanOrEqual(accrued);
  expect((await glmOf(provider)) - before).toBe(onChain);
  const drained = await cliJson<{ withdrawable: string }>("streams", "earnings");
  expect(BigInt(drained.withdrawable)).toBeLessThan(10n * rate);

  // withdraw --vm-id for one VM, after five more minutes; the text form names the token.
  await paid.passTime(300);
  const middle = await glmOf(provider);
  const one = (await cli("streams", "withdraw", "--vm-id", vm.id)).stdout.trim();
  const match = one.match(/^withdrew (\d+(?:\.\d+)?) tGLM \(tx (0x[0-9a-f]{64})\)$/);
  expect(match).not.toBeNull();
  const second = await withdrawnOnChain(match?.[2] as Hash, streamId.toString());
  expect(second).toBeGreaterThanOrEqual(300n * rate);
  expect((await glmOf(provider)) - middle).toBe(second);

  // A VM id the node does not know is the daemon's stable error, printed by the CLI.
  const unknown = await cli("streams", "withdraw", "--vm-id", "nope").then(
    () => undefined,
    (error: { stderr: string; code: number }) => error,
  );
  expect(unknown?.code).toBe(1);
  expect(unknown?.stderr).toMatch(/^error\[VM_NOT_FOUND\]: .*nope/m);
}, 240_000);
