// Published ports through the real `golem-provider` daemon and its HTTP API: create with
// `ports`, see the mapping in the VM and its access info, reach the guest's service through
// it, keep it across stop/start and a kill -9 of the daemon, free it on destroy, refuse
// what the per-VM limit or the port pool cannot give. The VMs come from the TEST-ONLY fake
// process driver (detached processes; each published host port answers `guest port <n>`),
// so no chain is needed: payments are off, the create path is the same.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort, freePortRange } from "../../scripts/lib/free-port.ts";
import { isProcessAlive } from "../src/daemon/pid-file.ts";
import { isPortBindable } from "../src/net/port-pool.ts";
import { killFakeGuests } from "./support/fake-process-driver.ts";
import { randomAccount, signSiwe } from "./support/siwe.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../bin/golem-provider.js");

let dir: string;
let dataDir: string;
let fakeDir: string;
let apiPort: number;
let sshStart: number;
let env: NodeJS.ProcessEnv;
const rangeSize = 6;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gp-ports-"));
  dataDir = join(dir, "data");
  fakeDir = join(dir, "fake-vms");
  apiPort = await freePort();
  sshStart = await freePortRange(rangeSize);
  const host = await freePortRange(rangeSize, [sshStart]);
  env = {
    ...process.env,
    GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir,
    GOLEM_PROVIDER_API_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(sshStart),
    GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(sshStart + rangeSize),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + rangeSize),
    GOLEM_PROVIDER_VMS_MAX_PUBLISHED_PORTS: "3",
    GOLEM_PROVIDER_RESOURCES_MIN_MEMORY_GIB: "0.25",
    // Room for a second VM on a small CI box: the pool, not resources, must refuse it.
    GOLEM_PROVIDER_RESOURCES_CPU_THRESHOLD: "1",
    GOLEM_PROVIDER_RESOURCES_MEMORY_THRESHOLD: "1",
    GOLEM_PROVIDER_RESOURCES_MIN_STORAGE_GIB: "1",
    GOLEM_PROVIDER_PAYMENTS_ENABLED: "false",
  };
});

afterAll(async () => {
  await run(process.execPath, [bin, "stop", "--data-dir", dataDir], { env }).catch(() => {});
  await killFakeGuests(fakeDir);
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  run(process.execPath, [bin, ...args, "--data-dir", dataDir], { env });
const url = (path: string) => `http://127.0.0.1:${apiPort}/api/v1${path}`;
type Nonce = { nonce: string; domain: string; uri: string; chainId: number };
type Vm = {
  id: string;
  sshPort: number;
  status: string;
  publishedPorts: Array<{ guestPort: number; port: number }>;
};
type Access = {
  host: string;
  publishedPorts: Array<{ guestPort: number; host: string; port: number }>;
};
type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const daemonPid = async () =>
  Number((await readFile(join(dataDir, "provider.pid"), "utf8")).trim());

/** What a client reads from 127.0.0.1:port until the server closes ("" when nothing answers). */
async function readAll(port: number): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => {});
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(socket, "close");
  return Buffer.concat(chunks).toString();
}

async function signIn(): Promise<Record<string, string>> {
  const account = randomAccount();
  const nonce = await json<Nonce>(fetch(url("/auth/nonce"), { method: "POST" }));
  const verify = await fetch(url("/auth/verify"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(await signSiwe({ account, ...nonce })),
  });
  const { token } = await json<{ token: string }>(verify);
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

test("published ports: mapping shown, kept by stop/start and kill -9, freed by destroy, limits refused", async () => {
  await cli("start", "--daemon", "--port", String(apiPort));
  const headers = await signIn();
  const auth = { authorization: headers.authorization as string };
  const create = (name: string, ports: number[]) =>
    fetch(url("/vms"), {
      method: "POST",
      headers,
      body: JSON.stringify({
        name,
        cpu: 1,
        memoryGiB: 0.5,
        storageGiB: 2,
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
        ports,
      }),
    });

  // Beyond the per-VM limit (3): refused with the limit, before anything is reserved.
  const tooMany = await create("many", [80, 443, 8080, 8443]);
  expect(tooMany.status).toBe(400);
  expect((await json<ErrorBody>(tooMany)).error).toMatchObject({
    code: "PORTS_LIMIT_EXCEEDED",
    message: "4 published ports asked, this provider allows at most 3 per VM",
    details: { asked: 4, limit: 3 },
  });
  for (const ports of [[22], [80, 80], [0]]) {
    const bad = await create("bad", ports);
    expect(bad.status).toBe(400);
    expect((await json<ErrorBody>(bad)).error.code).toBe("VALIDATION_FAILED");
  }

  const created = await create("web", [443, 80]);
  expect(created.status).toBe(202);
  const vm = await json<Vm>(created);
  expect(vm.publishedPorts.map((p) => p.guestPort)).toEqual([80, 443]);
  const [http, https] = vm.publishedPorts as [Vm["publishedPorts"][0], Vm["publishedPorts"][0]];
  for (const p of vm.publishedPorts) {
    expect(p.port).toBeGreaterThanOrEqual(sshStart);
    expect(p.port).toBeLessThan(sshStart + rangeSize);
    expect(p.port).not.toBe(vm.sshPort);
  }
  const info = async () => json<Vm>(fetch(url(`/vms/${vm.id}`), { headers }));
  await expect.poll(async () => (await info()).status, { timeout: 20_000 }).toBe("running");
  expect((await info()).publishedPorts).toEqual(vm.publishedPorts);
  const access = await json<Access>(fetch(url(`/vms/${vm.id}/access`), { headers }));
  expect(access.publishedPorts).toEqual([
    { guestPort: 80, host: access.host, port: http.port },
    { guestPort: 443, host: access.host, port: https.port },
  ]);
  expect(await readAll(http.port)).toBe("guest port 80\n");
  expect(await readAll(https.port)).toBe("guest port 443\n");

  // The pool has 6 public ports; this VM holds 3, so a VM with 3 published ports (4) cannot fit.
  const full = await create("full", [1000, 1001, 1002]);
  expect(full.status).toBe(503);
  expect((await json<ErrorBody>(full)).error.code).toBe("PORTS_EXHAUSTED");

  // Stop keeps the mapping (ports held, nothing answers); start restores it.
  expect((await fetch(url(`/vms/${vm.id}/stop`), { method: "POST", headers: auth })).status).toBe(
    200,
  );
  expect((await info()).publishedPorts).toEqual(vm.publishedPorts);
  expect(await isPortBindable("127.0.0.1", http.port)).toBe(false);
  expect(await readAll(http.port)).toBe("");
  expect((await fetch(url(`/vms/${vm.id}/start`), { method: "POST", headers: auth })).status).toBe(
    202,
  );
  await expect.poll(async () => (await info()).status, { timeout: 20_000 }).toBe("running");
  expect(await readAll(http.port)).toBe("guest port 80\n");

  // kill -9: the daemon's forwards die with it; the restarted daemon re-adopts the same mapping.
  const firstPid = await daemonPid();
  process.kill(firstPid, "SIGKILL");
  await expect.poll(() => isProcessAlive(firstPid)).toBe(false);
  await expect.poll(() => isPortBindable("127.0.0.1", http.port)).toBe(true);
  await cli("start", "--daemon", "--port", String(apiPort));
  await expect.poll(async () => (await info()).status, { timeout: 20_000 }).toBe("running");
  expect((await info()).publishedPorts).toEqual(vm.publishedPorts);
  expect(await readAll(https.port)).toBe("guest port 443\n");

  // Destroy frees every port of the VM.
  expect((await fetch(url(`/vms/${vm.id}`), { method: "DELETE", headers: auth })).status).toBe(200);
  for (const port of [vm.sshPort, http.port, https.port]) {
    expect(await isPortBindable("127.0.0.1", port)).toBe(true);
  }
  const status = JSON.parse((await cli("status", "--json")).stdout);
  expect(status).toMatchObject({ ports: { ssh: { inUse: 0 } } });
  await cli("stop");
});
