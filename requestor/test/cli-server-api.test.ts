import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { getStreamState } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { type GolemServer, startGolemServer } from "./support/golem-server.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

type Envelope = { error: { code: string; message: string; hints: string[] } };
type VmJson = { name: string; status: string; streamId: string; vmId: string };

const cloudConfig =
  "#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: served by the local API\n";
let paid: PaidChain;
let daemon: ProviderDaemon;
let providerId: Address;
let me: Address;
let server: GolemServer | undefined;
let streamId: string;

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  providerId = await daemon.address();
  jsonOf(await runGolem(["wallet", "faucet", "--json"], paid.env));
  me = jsonOf<{ address: Address }>(
    await runGolem(["wallet", "address", "--json"], paid.env),
  ).address;
  // No monitor: its top-ups would race the deposit checks below (it has its own test,
  // cli-server-topup). Caps above this test's payments (1.54 GLM to rent, 1.54 to top up).
  server = await startGolemServer(
    ["--port", "0", "--no-monitor", "--max-spend-per-request", "5", "--max-spend-per-day", "10"],
    { ...paid.env, ...fakeGuestLoginEnv },
  );
  expect(new URL(server.url).hostname).toBe("127.0.0.1");
  expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  // Backstop for a failed step: no fake guest process outlives the test.
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

async function api<T>(method: string, path: string, body?: unknown) {
  if (!server) throw new Error("server not started");
  const res = await server.fetch(path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as T, text };
}

function stateOf(id: string) {
  return getStreamState(paid.publicClient, {
    address: paid.deployment.contracts.StreamPayment.address,
    streamId: toStreamId(id),
  });
}

/** Streams the requestor opened on chain so far (a rejected request must not open one). */
async function streamsOpened(): Promise<number> {
  const { streams } = jsonOf<{ streams: unknown[] }>(
    await runGolem(["vm", "stream", "list", "--json"], paid.env),
  );
  return streams.length;
}

const createBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  providerId,
  providerUrl: daemon.apiUrl,
  cpu: 1,
  memoryGiB: 1,
  storageGiB: 4,
  hours: 1,
  ...extra,
});

describe("golem server api over HTTP (real chain, provider daemon, fake guests)", {
  timeout: 180_000,
}, () => {
  it("publishes an OpenAPI document that lists the routes", async () => {
    const { status, body } = await api<{ openapi: string; paths: Record<string, object> }>(
      "GET",
      "/docs/json",
    );
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/vms",
        "/api/v1/vms/{name}",
        "/api/v1/vms/{name}/stop",
        "/api/v1/vms/{name}/start",
        "/api/v1/streams/{ref}",
        "/api/v1/streams/{ref}/topup",
        "/api/v1/monitor",
      ]),
    );
    expect(Object.keys(body.paths["/api/v1/vms"] ?? {})).toEqual(
      expect.arrayContaining(["get", "post"]),
    );
    expect(Object.keys(body.paths["/api/v1/vms/{name}"] ?? {})).toEqual(
      expect.arrayContaining(["get", "delete"]),
    );
  });

  it("cloud-init that is not a #cloud-config (or too large) is a 400, and nothing is made", async () => {
    for (const cloudInit of ["#!/bin/sh\nrm -rf /\n", `#cloud-config\n#${"x".repeat(64 * 1024)}`]) {
      const res = await api<Envelope>("POST", "/api/v1/vms", createBody("ghost-1", { cloudInit }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.message).toContain("cloudInit");
      expect(res.body.error.hints.length).toBeGreaterThan(0);
    }
    const { vms } = (await api<{ vms: unknown[] }>("GET", "/api/v1/vms")).body;
    expect(vms).toEqual([]);
    expect(await streamsOpened()).toBe(0);
    expect(await readdir(fakeVmsDir(paid)).catch(() => [])).toEqual([]);
  });

  it("POST /vms rents from the provider's API: a running VM on a real stream", async () => {
    const res = await api<VmJson & { ratePerSecond: string; deposit: string }>(
      "POST",
      "/api/v1/vms",
      createBody("api-1", { cloudInit: cloudConfig }),
    );
    expect(res.status, res.text + (server?.stderr() ?? "")).toBe(200);
    expect(res.body).toMatchObject({ name: "api-1", status: "running" });
    expect(res.body.streamId).toMatch(/^\d+$/);
    streamId = res.body.streamId;
    const state = await stateOf(streamId);
    expect(state.stream.sender).toBe(me);
    expect(state.stream.recipient).toBe(providerId);
    expect(state.isActive).toBe(true);
    expect(state.stream.ratePerSecond).toBe(BigInt(res.body.ratePerSecond));
    expect(BigInt(res.body.deposit)).toBe(state.stream.ratePerSecond * 3600n);
    // What the provider handed its driver: the requestor's cloud-config, as written.
    const specs = await Promise.all(
      (await readdir(fakeVmsDir(paid)))
        .filter((f) => f.endsWith(".json"))
        .map(
          async (f) =>
            JSON.parse(await readFile(join(fakeVmsDir(paid), f), "utf8")) as {
              spec: { cloudInit?: string; cpu: number };
            },
        ),
    );
    expect(specs).toHaveLength(1);
    expect(specs[0]?.spec).toMatchObject({ cloudInit: cloudConfig, cpu: 1 });
  });

  it("GET /vms lists it and GET /vms/:name refreshes it from the provider", async () => {
    const list = await api<{ vms: VmJson[] }>("GET", "/api/v1/vms");
    expect(list.status).toBe(200);
    expect(list.body.vms).toEqual([
      expect.objectContaining({ name: "api-1", status: "running", streamId }),
    ]);
    const info = await api<VmJson & { refreshed: boolean; stream: { streamId: string } }>(
      "GET",
      "/api/v1/vms/api-1",
    );
    expect(info.status, info.text).toBe(200);
    expect(info.body).toMatchObject({ name: "api-1", status: "running", refreshed: true });
    expect(info.body.stream.streamId).toBe(streamId);
  });

  it("POST /streams/:ref/topup adds an hour at the stream's rate, as the chain shows", async () => {
    const before = await stateOf(streamId);
    const res = await api<{ streamId: string; amount: string }>(
      "POST",
      "/api/v1/streams/api-1/topup",
      { hours: 1 },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.streamId).toBe(streamId);
    const after = await stateOf(streamId);
    expect(BigInt(res.body.amount)).toBe(before.stream.ratePerSecond * 3600n);
    expect(after.stream.balance).toBe(before.stream.balance + BigInt(res.body.amount));
    const status = await api<{ streamId: string; isActive: boolean }>(
      "GET",
      `/api/v1/streams/${streamId}`,
    );
    expect(status.body).toMatchObject({ streamId, isActive: true });
  });

  it("POST stop then start", async () => {
    const stopped = await api<VmJson>("POST", "/api/v1/vms/api-1/stop");
    expect(stopped.status, stopped.text).toBe(200);
    expect(stopped.body).toMatchObject({ name: "api-1", status: "stopped" });
    const listed = (await api<{ vms: VmJson[] }>("GET", "/api/v1/vms")).body.vms;
    expect(listed).toEqual([expect.objectContaining({ name: "api-1", status: "stopped" })]);
    const started = await api<VmJson & { sshPort: number }>("POST", "/api/v1/vms/api-1/start");
    expect(started.status, started.text).toBe(200);
    expect(started.body).toMatchObject({ name: "api-1", status: "running" });
    expect(started.body.sshPort).toBeGreaterThan(0);
  });

  it("DELETE /vms/:name closes the stream on chain and forgets the VM", async () => {
    const res = await api<{ destroyedOnProvider: boolean; terminated: boolean }>(
      "DELETE",
      "/api/v1/vms/api-1",
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ destroyedOnProvider: true, terminated: true });
    expect((await stateOf(streamId)).stream.closed).toBe(true);
    expect((await api<{ vms: unknown[] }>("GET", "/api/v1/vms")).body.vms).toEqual([]);
    const gone = await api<Envelope>("GET", "/api/v1/vms/api-1");
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("VM_NOT_FOUND");
  });

  it("bad input: a missing field, an unknown VM, an unknown route", async () => {
    const { cpu: _cpu, ...noCpu } = createBody("bad-1");
    const invalid = await api<Envelope & { error: { details: { fields: string[] } } }>(
      "POST",
      "/api/v1/vms",
      noCpu,
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("VALIDATION_FAILED");
    expect(invalid.body.error.message).toContain("cpu");
    expect(invalid.body.error.hints.length).toBeGreaterThan(0);
    const unknownVm = await api<Envelope>("GET", "/api/v1/vms/nope");
    expect(unknownVm.status).toBe(404);
    expect(unknownVm.body.error.code).toBe("VM_NOT_FOUND");
    expect(unknownVm.body.error.message).toContain("nope");
    const noRoute = await api<Envelope>("GET", "/api/v1/nothing-here");
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error).toMatchObject({ code: "NOT_FOUND" });
    expect(noRoute.body.error.message).toContain("/api/v1/nothing-here");
    // A JSON content-type with no body (what some HTTP clients send for a POST without one) is
    // the caller's mistake, not an INTERNAL error of the server.
    const empty = await (server as GolemServer).fetch("/api/v1/vms/api-1/stop", {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Envelope).error.code).toBe("VALIDATION_FAILED");
    const path = await api<Envelope>(
      "POST",
      "/api/v1/vms",
      createBody("rel-1", { cloudInitFile: join(paid.dir, "user-data.yaml") }),
    );
    expect(path.status).toBe(400);
    expect(path.body.error.message).toContain("cloudInitFile");
    expect(await streamsOpened()).toBe(1);
  });
});
