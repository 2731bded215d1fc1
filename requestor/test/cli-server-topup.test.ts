import { getStreamState } from "@vm-on-golem/sdk/contract/get-stream-state";
import { toStreamId } from "@vm-on-golem/sdk/stream/stream-id";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRequestorDb } from "../src/state/requestor-db.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { type GolemServer, startGolemServer } from "./support/golem-server.ts";
import { type PaidChain, startPaidChain } from "./support/paid-setup.ts";

// `golem server api` in a child process against a real Hardhat node: a stream opened by the CLI,
// chain time moved past most of its runway, and the server's own timer tops it up. There is no
// VM here (the monitor needs only a live VM row in the local SQLite and a real stream), so the
// row is written into the db directly; the provider address is a plain address.
let paid: PaidChain;
let server: GolemServer | undefined;
let url: string;
let streamId: string;
const provider = "0x00000000000000000000000000000000000a11ce";

beforeAll(async () => {
  paid = await startPaidChain();
  jsonOf(await runGolem(["wallet", "faucet", "--json"], paid.env));
  const open = jsonOf<{ streamId: string }>(
    await runGolem(
      [
        ...["vm", "stream", "open", "--provider-id", provider, "--rate", "3.6", "--hours", "1"],
        ...["--yes", "--json"],
      ],
      paid.env,
    ),
  );
  streamId = open.streamId;
  const db = openRequestorDb(paid.env.GOLEM_REQUESTOR_HOME ?? "");
  db.upsertVm({
    name: "short-1",
    providerId: provider,
    providerApiUrl: "http://127.0.0.1:9",
    vmId: "vm-short-1",
    streamId,
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
    ["--port", "0", "--interval", "1", "--min-runway", "1800"],
    paid.env,
  );
  url = server.url;
});

afterAll(async () => {
  await server?.stop();
  await paid?.stop();
});

const api = async <T>(path: string, init?: RequestInit) => {
  const res = await fetch(`${url}/api/v1${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
};
const stateOf = () =>
  getStreamState(paid.publicClient, {
    address: paid.deployment.contracts.StreamPayment.address,
    streamId: toStreamId(streamId),
  });

describe("golem server api", { timeout: 180_000 }, () => {
  it("keeps a short stream alive past its first depletion time (auto top-up, chain time travel)", async () => {
    const before = await stateOf();
    const firstDepletion = before.depletionTime;
    await paid.passTime(3000); // 600 s of runway left: below the 1800 s minimum
    let report: { last: { entries: { amount: string; streamId: string }[] } | null } | undefined;
    for (let i = 0; i < 60; i++) {
      report = (await api<NonNullable<typeof report>>("/monitor")).body;
      if (report.last?.entries.some((e) => e.amount !== "0")) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const topped = report?.last?.entries.find((e) => e.amount !== "0");
    expect(topped?.streamId).toBe(streamId);
    const after = await stateOf();
    expect(after.runwaySeconds).toBeGreaterThanOrEqual(7000n);
    expect(after.stream.balance).toBeGreaterThan(before.stream.balance);
    await paid.passTime(Number(firstDepletion - after.at) + 600);
    const later = await stateOf();
    expect(later.at).toBeGreaterThan(firstDepletion);
    expect(later.isActive).toBe(true);
  });

  it("serves the CLI's actions: VMs, stream status, with the CLI's JSON", async () => {
    const vms = await api<{ vms: { name: string }[] }>("/vms");
    expect(vms.body.vms.map((v) => v.name)).toEqual(["short-1"]);
    const status = await api<{ streamId: string; isActive: boolean }>(`/streams/${streamId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ streamId, isActive: true });
  });

  it("answers failures with the error envelope and its status", async () => {
    const missing = await api<{ error: { code: string; hints: string[] } }>("/vms/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("VM_NOT_FOUND");
    const bad = await api<{ error: { code: string } }>("/vms", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x", cpu: "lots" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const docs = await fetch(`${url}/docs/json`);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain("/api/v1/vms/{name}");
  });
});
