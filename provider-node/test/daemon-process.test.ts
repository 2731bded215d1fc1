// The real `golem-provider` process: start --daemon, sign in, create a VM, kill -9 the
// daemon, start again and find the VM re-adopted on its same public port, then stop.
// The VMs come from the TEST-ONLY fake process driver (detached processes that answer SSH
// banners); real QEMU VMs are the VM driver suite's business.
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
import { killFakeGuests } from "./support/fake-process-driver.ts";
import { randomAccount, signSiwe } from "./support/siwe.ts";

const run = promisify(execFile);
const bin = join(import.meta.dirname, "../bin/golem-provider.js");

let dir: string;
let dataDir: string;
let fakeDir: string;
let apiPort: number;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gp-"));
  dataDir = join(dir, "data");
  fakeDir = join(dir, "fake-vms");
  apiPort = await freePort();
  const ssh = await freePortRange(10);
  const host = await freePortRange(10, [ssh]);
  env = {
    ...process.env,
    GOLEM_PROVIDER_TEST_ONLY_FAKE_DRIVER_DIR: fakeDir,
    GOLEM_PROVIDER_API_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_BIND_HOST: "127.0.0.1",
    GOLEM_PROVIDER_SSH_PORT_RANGE_START: String(ssh),
    GOLEM_PROVIDER_SSH_PORT_RANGE_END: String(ssh + 10),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_START: String(host),
    GOLEM_PROVIDER_SSH_HOST_PORT_RANGE_END: String(host + 10),
    GOLEM_PROVIDER_RESOURCES_MIN_MEMORY_GIB: "0.25",
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
type Vm = { id: string; sshPort: number; status: string };
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
const daemonPid = async () =>
  Number((await readFile(join(dataDir, "provider.pid"), "utf8")).trim());

async function banner(port: number): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port });
  const [chunk] = (await once(socket, "data")) as [Buffer];
  socket.destroy();
  return chunk.toString().trim();
}

test("a VM survives kill -9 of the daemon and is re-adopted on the same public port", async () => {
  const started = await cli("start", "--daemon", "--port", String(apiPort));
  expect(started.stdout).toMatch(/golem-provider started in the background \(pid \d+\)/);
  const firstPid = await daemonPid();

  // Sign in with SIWE, as a requestor's wallet would.
  const account = randomAccount();
  const nonce = await json<Nonce>(fetch(url("/auth/nonce"), { method: "POST" }));
  expect(nonce.domain).toBe(`127.0.0.1:${apiPort}`);
  const signed = await signSiwe({ account, ...nonce });
  const verify = await fetch(url("/auth/verify"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(signed),
  });
  expect(verify.status).toBe(200);
  const { token } = await json<{ token: string }>(verify);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  const created = await fetch(url("/vms"), {
    method: "POST",
    headers,
    body: JSON.stringify({
      name: "web",
      cpu: 1,
      memoryGiB: 0.5,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
    }),
  });
  expect(created.status).toBe(202);
  const vm = await json<Vm>(created);
  const statusOf = async () => (await json<Vm>(fetch(url(`/vms/${vm.id}`), { headers }))).status;
  await expect.poll(statusOf, { timeout: 20_000 }).toBe("running");
  expect(await banner(vm.sshPort)).toBe("SSH-2.0-FakeGuest_1.0");

  const status = JSON.parse((await cli("status", "--json")).stdout);
  expect(status).toMatchObject({
    source: "daemon",
    overall: { status: "healthy" },
    ports: { ssh: { inUse: 1 } },
  });

  // The node dies without any chance to clean up; the guest lives on.
  process.kill(firstPid, "SIGKILL");
  await expect.poll(() => isProcessAlive(firstPid)).toBe(false);
  // Its forward died with it (a reset while the kernel tears the process down, then refused).
  await expect
    .poll(() => banner(vm.sshPort).catch((e: NodeJS.ErrnoException) => e.code))
    .toBe("ECONNREFUSED");

  const again = await cli("start", "--daemon", "--port", String(apiPort));
  expect(again.stdout).toMatch(/started in the background/);
  expect(await daemonPid()).not.toBe(firstPid);
  // Sessions live in the database: the same token still works after the crash.
  await expect.poll(statusOf, { timeout: 20_000 }).toBe("running");
  const readopted = await json<Vm>(fetch(url(`/vms/${vm.id}`), { headers }));
  expect(readopted.sshPort).toBe(vm.sshPort);
  expect(await banner(vm.sshPort)).toBe("SSH-2.0-FakeGuest_1.0");
  const log = await readFile(join(dataDir, "provider.log"), "utf8");
  expect(log).toContain("recovery: adopted 1");

  const secondPid = await daemonPid();
  const stopped = await cli("stop");
  expect(stopped.stdout).toContain(`golem-provider stopped (pid ${secondPid})`);
  expect(isProcessAlive(secondPid)).toBe(false);
  await expect(readFile(join(dataDir, "provider.pid"), "utf8")).rejects.toThrow(/ENOENT/);
  await expect(fetch(url("/health"))).rejects.toThrow();
  expect((await cli("stop")).stdout).toContain("golem-provider is not running");
});
