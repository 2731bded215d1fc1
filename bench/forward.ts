// What the node's SSH port forward costs: one real VM made through the daemon's API, then a
// large transfer `head -c N /dev/zero | ssh … 'cat > /dev/null'` direct to the driver's
// 127.0.0.1 host-forward port and through the node's public port, alternated, several rounds.
// Under TCG the guest's sshd is the bottleneck, so this is the overhead a renter sees.
// First, with no VM, the forwarder alone: plain TCP into a local sink, direct and through the
// node's forwarder (`--tcp-only` stops there and reports that pair on the last line). As
// root, also across two network namespaces (a veth pair), three ways into one sink: direct,
// the kernel path (the node's nftables rule set with a DNAT rule, as isolated VMs get) and
// the userspace forwarder, each against direct in the same run.
// Usage: node bench/forward.ts [--rounds 4] [--mib 64] [--tcp-only]
// Last line: {"directMBps":a,"forwardedMBps":b,"ratio":r, "veth":{"directMBps",
//   "kernelMBps","userspaceMBps","kernelRatio","userspaceRatio"} (root only)}
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createProviderClient } from "@vm-on-golem/sdk/provider-client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startTcpForwarder } from "../provider-node/src/net/tcp-forwarder.ts";
import { startProviderDaemon } from "../scripts/lib/provider-daemon.ts";
import { generateSshKey, sshArgs, waitForSshLogin } from "../scripts/lib/ssh-key.ts";
import { benchWorkDir, median } from "./lib/bench-kit.ts";
import { measureKernelForward } from "./lib/kernel-forward.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "4" },
    mib: { type: "string", default: "64" },
    "tcp-only": { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const mib = Number(values.mib);

const { work, cleanup, log } = await benchWorkDir("gbf-");

/** MB/s (10^6 bytes) of one transfer of `mib` MiB into the guest over SSH on `port`. */
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
      while (sent < mib) {
        sent++;
        if (!ssh.stdin.write(chunk)) return void ssh.stdin.once("drain", pump);
      }
      ssh.stdin.end();
    };
    ssh.stdin.on("error", reject);
    pump();
    ssh.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve((mib * 1024 * 1024) / 1e6 / seconds);
      else reject(new Error(`ssh exited ${code}: ${stderr.trim()}`));
    });
  });
}

/** MB/s of `mib` MiB written over plain TCP to 127.0.0.1:`port` until the sink has read it all. */
async function tcpTransfer(port: number, sinkDone: () => Promise<void>): Promise<number> {
  const socket = connect({ host: "127.0.0.1", port, noDelay: true });
  await once(socket, "connect");
  const chunk = Buffer.alloc(1024 * 1024);
  const started = performance.now();
  for (let sent = 0; sent < mib; sent++) {
    if (!socket.write(chunk)) await once(socket, "drain");
  }
  socket.end();
  await sinkDone();
  return (mib * 1024 * 1024) / 1e6 / ((performance.now() - started) / 1000);
}

/** Plain TCP into a sink, direct and through the forwarder, alternated; medians in MB/s. */
async function measureTcp(): Promise<{ direct: number[]; forwarded: number[] }> {
  let finished: () => void = () => {};
  const sink = createServer((socket) => {
    socket.on("data", () => {});
    socket.on("end", () => {
      socket.end();
      finished();
    });
  });
  sink.listen(0, "127.0.0.1");
  await once(sink, "listening");
  const sinkPort = (sink.address() as { port: number }).port;
  const forwarder = await startTcpForwarder({
    listenHost: "127.0.0.1",
    listenPort: 0,
    target: { host: "127.0.0.1", port: sinkPort },
  });
  const result = { direct: [] as number[], forwarded: [] as number[] };
  try {
    const run = (port: number) => {
      const done = new Promise<void>((resolve) => {
        finished = resolve;
      });
      return tcpTransfer(port, () => done);
    };
    await run(forwarder.port); // warm-up
    for (let round = 1; round <= rounds; round++) {
      const order =
        round % 2 ? (["direct", "forwarded"] as const) : (["forwarded", "direct"] as const);
      for (const path of order) {
        const mbps = await run(path === "direct" ? sinkPort : forwarder.port);
        result[path].push(mbps);
        log(`tcp round ${round}: ${path.padEnd(9)} ${mib} MiB at ${mbps.toFixed(0)} MB/s`);
      }
    }
  } finally {
    await forwarder.close();
    sink.close();
  }
  return result;
}

const tcp = await measureTcp();
log(
  `plain TCP: direct ${median(tcp.direct).toFixed(0)} MB/s, forwarded ${median(tcp.forwarded).toFixed(0)} MB/s, ratio ${(median(tcp.forwarded) / median(tcp.direct)).toFixed(3)} (medians)`,
);

// Across namespaces (needs root): direct, kernel DNAT and userspace into one sink.
let veth: Record<string, number> | undefined;
if (process.getuid?.() === 0) {
  const samples = await measureKernelForward({ rounds: Math.max(rounds, 3), mib: mib * 4, log });
  const [vd, vk, vu] = [median(samples.direct), median(samples.kernel), median(samples.userspace)];
  veth = {
    directMBps: Number(vd.toFixed(1)),
    kernelMBps: Number(vk.toFixed(1)),
    userspaceMBps: Number(vu.toFixed(1)),
    kernelRatio: Number((vk / vd).toFixed(3)),
    userspaceRatio: Number((vu / vd).toFixed(3)),
  };
  log(
    `veth TCP: direct ${vd.toFixed(0)} MB/s, kernel DNAT ${vk.toFixed(0)} MB/s (ratio ${veth.kernelRatio}), userspace ${vu.toFixed(0)} MB/s (ratio ${veth.userspaceRatio}) (medians)`,
  );
} else {
  log("kernel path not measured: it needs root (network namespaces and nftables)");
}

const direct: number[] = values["tcp-only"] ? tcp.direct : [];
const forwarded: number[] = values["tcp-only"] ? tcp.forwarded : [];
// The work folder goes on every path, --tcp-only too.
try {
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
    for (let round = 1; round <= rounds; round++) {
      const order =
        round % 2 ? (["direct", "forwarded"] as const) : (["forwarded", "direct"] as const);
      for (const path of order) {
        const mbps = await transfer(key.privateKeyPath, ports[path]);
        (path === "direct" ? direct : forwarded).push(mbps);
        log(`round ${round}: ${path.padEnd(9)} ${mib} MiB at ${mbps.toFixed(2)} MB/s`);
      }
    }
  }
} finally {
  await cleanup.run();
}
const d = median(direct);
const f = median(forwarded);
log(
  `direct ${direct.map((x) => x.toFixed(2)).join(", ")}; forwarded ${forwarded.map((x) => x.toFixed(2)).join(", ")} MB/s (medians)`,
);
console.log(
  JSON.stringify({
    directMBps: Number(d.toFixed(2)),
    forwardedMBps: Number(f.toFixed(2)),
    ratio: Number((f / d).toFixed(3)),
    ...(veth ? { veth } : {}),
  }),
);
