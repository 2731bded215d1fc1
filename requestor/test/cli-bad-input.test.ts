import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { streamPaymentAbi } from "@vm-on-golem/sdk/contract";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { type ProviderDaemon, startProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { type GolemRun, jsonOf, runGolem } from "./run-golem.ts";
import { corePricedPayments, type PaidChain, startPaidChain } from "./support/paid-setup.ts";

// Bad input against real things: a Hardhat node with the contracts and the real provider daemon
// with payments on (no VM is ever booted: every case fails before that). Each failure exits
// non-zero with a stable code, a message and a hint, and leaves nothing behind: no stream on
// chain (nextStreamId unchanged), no VM on the provider, no row in the local db.
let paid: PaidChain;
let daemon: ProviderDaemon;
let providerId: Address;
let closedUrl: string;
const stranger = "0x00000000000000000000000000000000000b0b00";

beforeAll(async () => {
  paid = await startPaidChain();
  const dataDir = join(paid.dir, "p");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  daemon = await startProviderDaemon({ dataDir, payments: corePricedPayments(paid) });
  providerId = (await createProviderClient({ baseUrl: daemon.apiUrl }).providerInfo())
    .providerId as Address;
  closedUrl = `http://127.0.0.1:${await freePort()}`;
}, 300_000);

afterAll(async () => {
  // No case boots a VM; if one ever did (a regression), it must not outlive the test.
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 300_000 });
  await daemon?.stop();
  await paid?.stop();
}, 420_000);

const size = ["--cpu", "1", "--memory", "1", "--storage", "4"];
const create = (name: string, ...extra: string[]) => ["vm", "create", name, ...extra];
const toProvider = () => ["--provider-id", providerId, "--provider-url", daemon.apiUrl, ...size];
const nextStreamId = () =>
  paid.publicClient.readContract({
    address: paid.deployment.contracts.StreamPayment.address,
    abi: streamPaymentAbi,
    functionName: "nextStreamId",
  });

/** Text mode: exit 1, `error[CODE]: message` and at least one hint on stderr, nothing on stdout. */
function expectText(run: GolemRun, code: string): string {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(new RegExp(`^error\\[${code}\\]: .+\\n {2}hint: .+`));
  return run.stderr;
}

/** `--json` mode: exit 1 and the envelope on stdout. */
function expectEnvelope(run: GolemRun, code: string) {
  expect(run.code, run.stderr).toBe(1);
  const { error } = JSON.parse(run.stdout) as {
    error: { code: string; message: string; hints: string[] };
  };
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.hints.length).toBeGreaterThan(0);
  return error;
}

describe("golem with bad input fails clearly and leaves nothing half-made", {
  timeout: 180_000,
}, () => {
  it("vm create: missing or invalid flags (text and --json)", async () => {
    const env = paid.env;
    const runs = await Promise.all([
      runGolem(create("web-1", ...size), env),
      runGolem(create("Web_1", ...toProvider(), "--json"), env),
      runGolem(create("web-1", "--provider-id", "0x12", ...size), env),
      runGolem(create("web-1", "--provider-id", providerId, "--cpu", "0"), env),
      runGolem(create("web-1", ...toProvider(), "--hours", "1", "--stream-id", "3", "--json"), env),
      runGolem(create("web-1", ...toProvider(), "--cpus", "2", "--json"), env),
      runGolem(["server", "api", "--port", "99999"], env),
    ]);
    expect(expectText(runs[0] as GolemRun, "VALIDATION_FAILED")).toMatchInlineSnapshot(`
      "error[VALIDATION_FAILED]: --provider-id is required
        hint: pick a provider with \`golem vm providers\` and pass its id
      "
    `);
    expectEnvelope(runs[1] as GolemRun, "VALIDATION_FAILED");
    expectText(runs[2] as GolemRun, "VALIDATION_FAILED");
    expect(expectText(runs[3] as GolemRun, "VALIDATION_FAILED")).toMatchInlineSnapshot(`
      "error[VALIDATION_FAILED]: --cpu must be a whole number of at least 1, not "0"
        hint: e.g. --cpu 2
      "
    `);
    expectEnvelope(runs[4] as GolemRun, "VALIDATION_FAILED");
    expect(expectEnvelope(runs[5] as GolemRun, "VALIDATION_FAILED").message).toMatch(
      /^unknown option '--cpus'\n\(Did you mean --cpu\?\)$/,
    );
    expectText(runs[6] as GolemRun, "VALIDATION_FAILED");
  });

  it("unknown VM name: every VM command says VM_NOT_FOUND", async () => {
    const commands = [["stop"], ["start"], ["destroy"], ["stats"], ["info"], ["ssh"], ["connect"]];
    const runs = await Promise.all(
      commands.map((c) => runGolem(["vm", ...c, "ghost", "--json"], paid.env)),
    );
    for (const run of runs) expectEnvelope(run, "VM_NOT_FOUND");
  });

  it("unreachable provider, wrong provider id, no discovery configured", async () => {
    const before = await nextStreamId();
    const [unreachable, wrongId, noDiscovery] = await Promise.all([
      runGolem(
        create("web-1", "--provider-id", providerId, "--provider-url", closedUrl, ...size),
        paid.env,
      ),
      runGolem(
        create(
          "web-1",
          "--provider-id",
          stranger,
          "--provider-url",
          daemon.apiUrl,
          ...size,
          "--json",
        ),
        paid.env,
      ),
      runGolem(create("web-1", "--provider-id", providerId, ...size, "--json"), paid.env),
    ]);
    expectText(unreachable as GolemRun, "PROVIDER_UNREACHABLE");
    const mismatch = expectEnvelope(wrongId as GolemRun, "PROVIDER_MISMATCH");
    expect(mismatch.message).toContain(providerId);
    expectEnvelope(noDiscovery as GolemRun, "VALIDATION_FAILED");
    expect(await nextStreamId()).toBe(before);
  });

  it("insufficient funds, no confirmation, too short a runway: nothing paid, nothing created", async () => {
    const before = await nextStreamId();
    // A fresh key with no tokens at all.
    const poor = { ...paid.env, GOLEM_REQUESTOR_HOME: join(paid.dir, "poor") };
    const broke = await runGolem(create("web-1", ...toProvider(), "--yes"), poor);
    expect(expectText(broke, "INSUFFICIENT_FUNDS")).toContain("the deposit is");
    // A funded key, but in a pipe without --yes, or for less runway than the provider needs.
    jsonOf(await runGolem(["wallet", "faucet", "--json"], paid.env));
    const unasked = await runGolem(create("web-1", ...toProvider(), "--json"), paid.env);
    // The question shows the price and deposit as the sdk formats money: 1 tGLM per core-hour
    // is 277777777777778 base units per second, 1.0000000000000008 tGLM per hour exactly.
    expect(expectEnvelope(unasked, "CONFIRMATION_REQUIRED").message).toBe(
      `not confirmed: Rent "web-1" (1 CPU, 1 GiB RAM, 4 GiB disk) from ${providerId} at offer 1 tGLM/h, advert 1 tGLM/h (signed), depositing 2 tGLM for 2h of runway (one transaction: a permit signature for the deposit, then the stream)?`,
    );
    const short = await runGolem(
      create("web-1", ...toProvider(), "--hours", "0.1", "--yes"),
      paid.env,
    );
    expect(expectText(short, "VALIDATION_FAILED")).toContain("pass --hours 0.3 or more");
    expect(await nextStreamId()).toBe(before);
    for (const env of [poor, paid.env]) {
      expect(jsonOf<{ vms: unknown[] }>(await runGolem(["vm", "list", "--json"], env)).vms).toEqual(
        [],
      );
    }
    expect(
      (await createProviderClient({ baseUrl: daemon.apiUrl }).providerInfo()).resources.vms.used,
    ).toBe(0);
  });

  it("--stream-id of a stream not opened for one of this machine's offers: OFFER_UNKNOWN, no VM", async () => {
    const open = jsonOf<{ streamId: string }>(
      await runGolem(
        [
          "vm",
          "stream",
          "open",
          "--provider-id",
          providerId,
          "--rate",
          "3.6",
          "--hours",
          "1",
          "--yes",
          "--json",
        ],
        paid.env,
      ),
    );
    const run = await runGolem(
      create("web-1", ...toProvider(), "--stream-id", open.streamId),
      paid.env,
    );
    expect(expectText(run, "OFFER_UNKNOWN")).toContain(`stream #${open.streamId} pays for service`);
    const elsewhere = await runGolem(
      create(
        "web-1",
        "--provider-id",
        stranger,
        "--provider-url",
        daemon.apiUrl,
        ...size,
        "--stream-id",
        open.streamId,
      ),
      paid.env,
    );
    expectText(elsewhere, "PROVIDER_MISMATCH");
    // The unused stream's deposit comes back with `vm stream terminate`; twice is STREAM_CLOSED.
    const ended = jsonOf<{ refunded: string; paidToProvider: string }>(
      await runGolem(["vm", "stream", "terminate", open.streamId, "--yes", "--json"], paid.env),
    );
    expect(BigInt(ended.refunded)).toBeGreaterThan(0n);
    const again = await runGolem(["vm", "stream", "terminate", open.streamId, "--yes"], paid.env);
    expectText(again, "STREAM_CLOSED");
    expect(
      jsonOf<{ vms: unknown[] }>(await runGolem(["vm", "list", "--json"], paid.env)).vms,
    ).toEqual([]);
  });
});
