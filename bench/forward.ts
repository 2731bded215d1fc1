// What the node's SSH port forward costs. First plain TCP, each party its own process as in
// production (the sender like an ssh client, the node's forwarder, a sink like QEMU):
// on 127.0.0.1, direct to the sink and through the node's userspace forwarder; as root also
// across network namespaces the bench makes (a client, a provider, a guest behind the
// provider's bridge): direct to the provider and through the userspace forwarder there;
// routed to the guest without NAT and the kernel path to it (the node's nftables rule set with
// a DNAT rule and its connection caps, as isolated VMs get). `--tcp-only`
// stops there. Without it, one real VM made through the daemon's API, then
// `head -c N /dev/zero | ssh … 'cat > /dev/null'` direct to the driver's 127.0.0.1
// host-forward port and through the node's public port (under TCG the guest's sshd is the
// bottleneck, so this is the overhead a renter sees). Every ratio is against direct in the
// same run: the median of the rounds' ratios, the paths' order rotating every round.
// Prints a table, then one JSON line:
// {"directMBps","forwardedMBps","ratio" (the SSH pair, or with --tcp-only the 127.0.0.1 pair),
//  "tcp":{"directMBps","userspaceMBps","userspaceRatio"},
//  "veth":{"directMBps","userspaceMBps","userspaceRatio","routedMBps","kernelMBps","kernelRatio"} | null,
//  "vethSkipped"?: why}
// Usage: node bench/forward.ts [--rounds 9] [--mib 512] [--ssh-mib 64] [--tcp-only] [--verbose]
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startProviderDaemon } from "../scripts/lib/provider-daemon.ts";
import { generateSshKey, sshArgs, waitForSshLogin } from "../scripts/lib/ssh-key.ts";
import { benchWorkDir, median } from "./lib/bench-kit.ts";
import { measureKernelForward } from "./lib/kernel-forward.ts";
import { measurePaths, startPeer } from "./lib/tcp-paths.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "9" },
    mib: { type: "string", default: "512" },
    "ssh-mib": { type: "string", default: "64" },
    "tcp-only": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const mib = Number(values.mib);
const sshMib = Number(values["ssh-mib"]);

// Progress goes to stderr and only with --verbose; stdout is the table and the JSON line.
const log = (line: string) => {
  if (values.verbose) console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
};
const { work, cleanup } = await benchWorkDir("gbf-", log);

/** MB/s (10^6 bytes) of one transfer of `sshMib` MiB into the guest over SSH on `port`. */
function transfer(keyPath: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const ssh = spawn("ssh", [...sshArgs({ keyPath, port }), "cat > /dev/null"], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    ssh.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    const chunk = Buffer.alloc(1024 * 1024);
    const started = performance.now();
    let sent = 0;
    const pump = () => {
      while (sent < sshMib) {
        sent++;
        if (!ssh.stdin.write(chunk)) return void ssh.stdin.once("drain", pump);
      }
      ssh.stdin.end();
    };
    ssh.stdin.on("error", reject);
    pump();
    ssh.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve((sshMib * 1024 * 1024) / 1e6 / seconds);
      else reject(new Error(`ssh exited ${code}: ${stderr.trim()}`));
    });
  });
}

type Row = { path: string; where: string; MBps: number; ratio: number; samples: string };
const rows: Row[] = [];
/**
 * Adds each path to the table: its median MB/s, and its ratio against direct as the median of
 * the rounds' ratios (each round's path against the same round's direct, run next to it, so a
 * load change on the shared machine between rounds cancels out); returns both.
 */
function tabulate<P extends string>(
  where: string,
  samples: Record<P, number[]> & { direct: number[] },
): { mbps: Record<P, number>; ratio: Record<P, number> } {
  const mbps = {} as Record<P, number>;
  const ratio = {} as Record<P, number>;
  for (const [path, s] of Object.entries<number[]>(samples) as [P, number[]][]) {
    mbps[path] = median(s);
    ratio[path] = median(s.map((x, round) => x / (samples.direct[round] ?? Number.NaN)));
    rows.push({
      path,
      where,
      MBps: Math.round(mbps[path]),
      ratio: r3(ratio[path]),
      samples: s.map((x) => x.toFixed(0)).join(" "),
    });
    log(`${where}: ${path} ${s.map((x) => x.toFixed(0)).join(", ")} MB/s`);
  }
  return { mbps, ratio };
}
const r3 = (x: number) => Number(x.toFixed(3));

let tcp: { directMBps: number; userspaceMBps: number; userspaceRatio: number };
let veth: Record<string, number> | null = null;
let vethSkipped: string | undefined;
let sshPair: { direct: number[]; forwarded: number[] } | undefined;
let sshRatio = Number.NaN;
// The work folder, processes and namespaces go on every path: exit, failure, Ctrl-C.
try {
  const sinkPort = await startPeer(cleanup, [], ["sink", "127.0.0.1", "0"]);
  const forwardPort = await startPeer(cleanup, [], ["forward", "127.0.0.1", "0", String(sinkPort)]);
  const loopback = tabulate(
    "127.0.0.1",
    await measurePaths({
      where: [],
      paths: {
        direct: { host: "127.0.0.1", port: sinkPort },
        userspace: { host: "127.0.0.1", port: forwardPort },
      },
      rounds,
      mib,
    }),
  );
  tcp = {
    directMBps: Math.round(loopback.mbps.direct),
    userspaceMBps: Math.round(loopback.mbps.userspace),
    userspaceRatio: r3(loopback.ratio.userspace),
  };

  if (process.getuid?.() === 0) {
    const samples = await measureKernelForward({ cleanup, rounds, mib });
    const user = tabulate("namespaces: to the provider", {
      direct: samples.direct,
      userspace: samples.userspace,
    });
    const kernel = tabulate("namespaces: to a guest behind its bridge", {
      direct: samples.routed,
      kernel: samples.kernel,
    });
    veth = {
      directMBps: Math.round(user.mbps.direct),
      userspaceMBps: Math.round(user.mbps.userspace),
      userspaceRatio: r3(user.ratio.userspace),
      routedMBps: Math.round(kernel.mbps.direct),
      kernelMBps: Math.round(kernel.mbps.kernel),
      kernelRatio: r3(kernel.ratio.kernel),
    };
  } else {
    vethSkipped =
      "not root (it makes network namespaces and nftables rules); run the bench as root";
  }

  if (!values["tcp-only"]) {
    const key = await generateSshKey(work, "bench-forward");
    const daemon = await startProviderDaemon({ dataDir: join(work, "d") });
    cleanup.add("stop the provider daemon", () => daemon.stop());
    const client = createProviderClient({
      baseUrl: daemon.apiUrl,
      signer: privateKeyToAccount(generatePrivateKey()),
    });
    cleanup.add("destroy the bench's VMs", async () => {
      for (const vm of await client.listVms()) await client.destroyVm(vm.id);
    });
    const vm = await client.createVm({
      name: "bench-forward",
      cpu: 2,
      memoryGiB: 1,
      storageGiB: 4,
      sshPublicKey: key.publicKey,
    });
    const booted = await waitForSshLogin({
      keyPath: key.privateKeyPath,
      port: vm.sshPort,
      timeoutMs: 10 * 60_000,
    });
    // The driver's 127.0.0.1 port that QEMU forwards to the guest's port 22 (the forward's
    // target), from the driver's record (written once the VM is made, after the API answered).
    const record = JSON.parse(
      await readFile(join(daemon.dataDir, "vms", vm.id, "vm.json"), "utf8"),
    ) as { spec: { sshHostPort: number } };
    const ports = { direct: record.spec.sshHostPort, forwarded: vm.sshPort };
    log(`VM ${vm.id}: direct 127.0.0.1:${ports.direct}, forwarded 127.0.0.1:${ports.forwarded}`);
    log(`SSH login works after ${booted.toFixed(0)} s; warm-up transfer`);
    await transfer(key.privateKeyPath, ports.direct);
    sshPair = { direct: [], forwarded: [] };
    for (let round = 1; round <= rounds; round++) {
      const order =
        round % 2 ? (["direct", "forwarded"] as const) : (["forwarded", "direct"] as const);
      for (const path of order) sshPair[path].push(await transfer(key.privateKeyPath, ports[path]));
    }
    sshRatio = tabulate("VM over SSH", sshPair).ratio.forwarded;
  }
} finally {
  await cleanup.run();
}
console.table(rows);
if (vethSkipped) console.log(`kernel path skipped: ${vethSkipped}`);
const pair = sshPair
  ? { direct: median(sshPair.direct), forwarded: median(sshPair.forwarded), ratio: sshRatio }
  : { direct: tcp.directMBps, forwarded: tcp.userspaceMBps, ratio: tcp.userspaceRatio };
console.log(
  JSON.stringify({
    directMBps: Number(pair.direct.toFixed(2)),
    forwardedMBps: Number(pair.forwarded.toFixed(2)),
    ratio: r3(pair.ratio),
    tcp,
    veth,
    ...(vethSkipped ? { vethSkipped } : {}),
  }),
);
