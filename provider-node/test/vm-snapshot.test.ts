import { execFile } from "node:child_process";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port.ts";
import { generateSshKey, type SshKey } from "../../scripts/lib/ssh-key.ts";
import { defaultCacheDir, ensureBaseImage } from "../src/image/ensure-base-image.ts";
import { parseVmId } from "../src/vm/driver.ts";
import { probeAccel } from "../src/vm/qemu/accel-probe.ts";
import { isQemuAlive, waitForExit } from "../src/vm/qemu/qemu-process.ts";
import type { VmSnapshot } from "../src/vm/snapshot/ensure-vm-snapshot.ts";
import { ensureVmSnapshot } from "../src/vm/snapshot/ensure-vm-snapshot.ts";
import { type GuestIdentity, newGuestIdentity } from "../src/vm/snapshot/guest-identity.ts";
import { restoreVmSnapshot } from "../src/vm/snapshot/restore-vm-snapshot.ts";
import { unusableSshPublicKey } from "../src/vm/snapshot/unusable-ssh-public-key.ts";
import { isVmError } from "../src/vm/vm-error.ts";

// A real save and restore under QEMU (TCG here): one boot of the base image until idle, its
// state saved with QEMU's migration, then two clones restored from it, each given its own
// identity by the guest agent before its SSH port is forwarded.
const run = promisify(execFile);
const log = (line: string) => console.log(`[vm-snapshot] ${line}`);
const required = process.env.CI === "true";
const work = await mkdtemp(join(tmpdir(), "golem-snap-"));
const cleanups: (() => Promise<unknown>)[] = [];
let saved: VmSnapshot | undefined;

let image: Awaited<ReturnType<typeof ensureBaseImage>> | undefined;
let reason = "";
try {
  image = await ensureBaseImage({
    cacheDir: process.env.GOLEM_PROVIDER_CACHE_DIR ?? defaultCacheDir(),
    log,
  });
} catch (error) {
  reason = `no base image: ${(error as Error).message}`;
}

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await rm(work, { recursive: true, force: true });
});

type Clone = {
  port: number;
  identity: GuestIdentity;
  key: SshKey;
  knownHosts: string;
};

/** Restores one clone with a fresh requestor key and identity; its SSH login must work. */
async function restoreClone(snapshot: VmSnapshot, name: string): Promise<Clone> {
  const dir = join(work, name);
  await mkdir(dir);
  const key = await generateSshKey(dir, `requestor-of-${name}`);
  const identity = await newGuestIdentity({ hostname: name, authorizedKey: key.publicKey });
  const port = await freePort();
  const started = performance.now();
  const clone = await restoreVmSnapshot({
    snapshot,
    id: parseVmId(name),
    dir,
    sshHostPort: port,
    identity,
  });
  const pidFile = join(dir, "qemu.pid");
  cleanups.push(async () => {
    if (await isQemuAlive(clone.pid, pidFile)) process.kill(clone.pid, "SIGKILL");
    await waitForExit(clone.pid, pidFile, 10_000);
  });
  const knownHosts = join(dir, "known_hosts");
  await writeFile(
    knownHosts,
    identity.hostKeys
      .map((k) => `${name} ${k.publicKey.split(" ").slice(0, 2).join(" ")}\n`)
      .join(""),
  );
  const result: Clone = { port, identity, key, knownHosts };
  await ssh(result, key, "true");
  const seconds = (performance.now() - started) / 1000;
  log(
    `${name}: state loaded ${(clone.loadMs / 1000).toFixed(2)} s, identity set ${(clone.identityMs / 1000).toFixed(2)} s, SSH login ${seconds.toFixed(2)} s`,
  );
  // Far below a cold boot (36–140 s under TCG); generous for a loaded 2-core machine.
  expect(seconds).toBeLessThan(60);
  return result;
}

/** Runs `command` on a clone as golem with `key`, checking its host key strictly against the ones the host made. */
async function ssh(clone: Clone, key: SshKey, command: string): Promise<string> {
  const { stdout } = await run(
    "ssh",
    [
      ...["-i", key.privateKeyPath, "-p", String(clone.port), "-o", "IdentitiesOnly=yes"],
      ...["-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${clone.knownHosts}`],
      ...["-o", `HostKeyAlias=${clone.identity.hostname}`, "-o", "BatchMode=yes"],
      ...["-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR", "golem@127.0.0.1", command],
    ],
    { timeout: 60_000 },
  );
  return stdout;
}

describe.skipIf(!image && !required)(`a VM snapshot on real QEMU ${reason}`, () => {
  it("saves a booted guest once; two clones of it each get their own identity before SSH opens", async () => {
    if (!image) throw new Error(reason);
    const kvm = await probeAccel("kvm", { timeoutMs: 3000 });
    const accel = kvm.usable ? "kvm" : "tcg";
    const shape = { cpu: 2, memoryMiB: 1024 };
    // A cache of its own, so the test always saves (the base image comes from the shared one).
    const cacheDir = join(work, "cache");
    const snapshot = await ensureVmSnapshot({ cacheDir, image, shape, accel, log });
    expect(snapshot.built).toBe(true);
    saved = snapshot;
    expect(snapshot.stateBytes).toBeGreaterThan(16 * 2 ** 20);
    expect(snapshot.stateBytes).toBeLessThan(shape.memoryMiB * 2 ** 20 * 1.1);
    log(
      `state file: ${(snapshot.stateBytes / 2 ** 20).toFixed(0)} MiB for ${accel} 2 vCPU / 1 GiB`,
    );
    // The state holds the guest's memory (its SSH host keys): no other local user may read it.
    expect((await stat(snapshot.dir)).mode & 0o077).toBe(0);
    const again = await ensureVmSnapshot({ cacheDir, image, shape, accel });
    expect(again).toEqual({ ...snapshot, built: false });
    const diskBefore = await stat(snapshot.diskPath);

    // Two clones, one after the other (2 cores), each with its requestor's own key.
    const clones: Clone[] = [];
    for (const name of ["clone-1", "clone-2"]) clones.push(await restoreClone(snapshot, name));
    const [a, b] = clones as [Clone, Clone];
    const facts = await Promise.all(
      clones.map(async (clone) => {
        const out = await ssh(
          clone,
          clone.key,
          "cat /etc/machine-id; hostname; cat /sys/class/net/eth0/address; head -c 64 /dev/urandom | base64 -w0; echo; sudo cat /etc/ssh/ssh_host_ed25519_key.pub",
        );
        const [machineId, hostname, mac, random, hostKey] = out.trim().split("\n");
        return { machineId, hostname, mac, random, hostKey };
      }),
    );
    for (const [i, clone] of clones.entries()) {
      const seen = facts[i];
      expect(seen?.machineId).toBe(clone.identity.machineId);
      expect(seen?.hostname).toBe(clone.identity.hostname);
      expect(seen?.mac).toBe(clone.identity.macAddress);
      expect(seen?.hostKey?.split(" ").slice(0, 2)).toEqual(
        clone.identity.hostKeys[0]?.publicKey.split(" ").slice(0, 2),
      );
    }
    expect(facts[0]?.machineId).not.toBe(facts[1]?.machineId);
    expect(facts[0]?.hostname).not.toBe(facts[1]?.hostname);
    expect(facts[0]?.mac).not.toBe(facts[1]?.mac);
    expect(facts[0]?.hostKey).not.toBe(facts[1]?.hostKey);
    expect(facts[0]?.random).toHaveLength(88);
    expect(facts[0]?.random).not.toBe(facts[1]?.random);
    // Strict host key checking against the keys the host made (ssh above already did it);
    // each clone refuses the other requestor's key.
    await expect(ssh(a, b.key, "true")).rejects.toThrow();
    await expect(ssh(b, a.key, "true")).rejects.toThrow();
    // The clones write their own overlays only.
    const diskAfter = await stat(snapshot.diskPath);
    expect(diskAfter.mtimeMs).toBe(diskBefore.mtimeMs);
    expect(diskAfter.size).toBe(diskBefore.size);
  });

  it("refuses a clone whose state does not load, and leaves no QEMU running", async () => {
    if (!saved) throw new Error("the first test saved no snapshot");
    const broken = join(work, "broken.bin");
    await copyFile(saved.statePath, broken);
    await truncate(broken, 1024 * 1024);
    const dir = join(work, "clone-broken");
    await mkdir(dir);
    const error = await restoreVmSnapshot({
      snapshot: { ...saved, statePath: broken },
      id: parseVmId("clone-broken"),
      dir,
      sshHostPort: await freePort(),
      identity: await newGuestIdentity({
        hostname: "clone-broken",
        authorizedKey: unusableSshPublicKey(),
      }),
    }).catch((e: unknown) => e);
    expect(isVmError(error, "VM_START_FAILED")).toBe(true);
    const pidFile = join(dir, "qemu.pid");
    const pid = Number.parseInt(await readFile(pidFile, "utf8").catch(() => "0"), 10);
    if (pid > 0) expect(await waitForExit(pid, pidFile, 10_000)).toBe(true);
  });
});
