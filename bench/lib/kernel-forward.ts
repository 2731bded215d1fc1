import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildGuestRuleset } from "../../provider-node/src/net/guest-ruleset.ts";

const run = promisify(execFile);
const peer = join(import.meta.dirname, "tcp-peer.ts");

/** MB/s of every round per path; medians are the caller's. */
export type KernelForwardSamples = { direct: number[]; kernel: number[]; userspace: number[] };

/**
 * Plain TCP from a client namespace to a provider namespace over a veth pair, three ways to
 * the same sink: direct to its port, through the node's nftables rule set with a DNAT rule
 * (`buildGuestRuleset`, the rule shape isolated VMs get, here to the sink instead of a guest's
 * port 22), and through the node's userspace forwarder. Rounds alternate the order. Needs root
 * (it makes two network namespaces, removed at the end, and touches nothing else).
 *
 * @example const samples = await measureKernelForward({ rounds: 4, mib: 256, log: console.log });
 */
export async function measureKernelForward(p: {
  rounds: number;
  mib: number;
  log: (line: string) => void;
}): Promise<KernelForwardSamples> {
  const tag = Math.random().toString(16).slice(2, 8);
  const client = `gbk-c-${tag}`;
  const provider = `gbk-p-${tag}`;
  const ip = (...args: string[]) => run("ip", args);
  const ports = { sink: 5001, userspace: 5002, kernel: 5003 };
  let server: ChildProcess | undefined;
  try {
    for (const ns of [client, provider]) {
      await ip("netns", "add", ns);
      await ip("-n", ns, "link", "set", "lo", "up");
    }
    await ip(
      "-n",
      client,
      "link",
      "add",
      "eth0",
      "type",
      "veth",
      "peer",
      "name",
      "up0",
      "netns",
      provider,
    );
    await ip("-n", client, "addr", "add", "192.0.2.1/24", "dev", "eth0");
    await ip("-n", provider, "addr", "add", "192.0.2.10/24", "dev", "up0");
    await ip("-n", client, "link", "set", "eth0", "up");
    await ip("-n", provider, "link", "set", "up0", "up");
    const ruleset = buildGuestRuleset({
      table: "vm_on_golem_bench",
      bridge: "gbench0",
      subnet: "10.243.0.0/24",
      hostNetworks: ["192.0.2.10/32", "192.0.2.0/24"],
      allowEgress: [],
      forwards: [{ publicPort: ports.kernel, address: "192.0.2.10", guestPort: ports.sink }],
    });
    const nft = spawn("ip", ["netns", "exec", provider, "nft", "-f", "-"], {
      stdio: ["pipe", "inherit", "inherit"],
    });
    nft.stdin.end(ruleset);
    const [code] = await once(nft, "close");
    if (code !== 0) throw new Error(`nft -f failed (${code})`);

    server = spawn(
      "ip",
      [
        "netns",
        "exec",
        provider,
        process.execPath,
        peer,
        "serve",
        String(ports.sink),
        String(ports.userspace),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await once(server.stdout as NodeJS.ReadableStream, "data");

    const send = async (port: number) =>
      Number(
        (
          await run("ip", [
            "netns",
            "exec",
            client,
            process.execPath,
            peer,
            "send",
            "192.0.2.10",
            String(port),
            String(p.mib),
          ])
        ).stdout.trim(),
      );
    const samples: KernelForwardSamples = { direct: [], kernel: [], userspace: [] };
    const paths = ["direct", "kernel", "userspace"] as const;
    await send(ports.userspace); // warm-up
    for (let round = 1; round <= p.rounds; round++) {
      const order = [...paths.slice(round % 3), ...paths.slice(0, round % 3)];
      for (const path of order) {
        const mbps = await send(path === "direct" ? ports.sink : ports[path]);
        samples[path].push(mbps);
        p.log(`veth round ${round}: ${path.padEnd(9)} ${p.mib} MiB at ${mbps.toFixed(0)} MB/s`);
      }
    }
    return samples;
  } finally {
    server?.kill("SIGKILL");
    for (const ns of [client, provider]) await ip("netns", "del", ns).catch(() => {});
  }
}
