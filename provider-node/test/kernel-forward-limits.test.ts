// The kernel path's limits on a real kernel, in network namespaces this test makes (nothing
// touches the host's own network):
//
//   [client ns] 192.0.2.2–.5 ── 192.0.2.10 [provider ns] bridge golem0 10.243.0.1/24
//                                                          └─ port gvm00000000 ── [guest ns] 10.243.0.2
//
// The node's ruleset (buildGuestRuleset, as the daemon applies it) DNATs public ports 2200 and
// 2201 to the guest's 22 and 8080, where echo servers stand in for the guest's services (a
// veth port attached the way the node attaches taps: no VM boot needed to test the rules).
// Caps: 2 per source, 3 per guest across both its ports, so the 4th connection to the guest is
// reset whatever port it asks for; an idle connection is forgotten after 2 s and its next
// packet is answered with a reset, while a busy one lives on; rebuilding the table (what every
// VM change and every start-up does) keeps both the counts and the timeout of open connections,
// and leaves the same table. Needs root and nft; skips with the reason elsewhere, fails in CI.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createNetns, inNetns, ipCommand, removeNetns } from "../../scripts/lib/testnet/netns.ts";
import { buildGuestRuleset } from "../src/net/guest-ruleset.ts";

const run = promisify(execFile);
const required = process.env.CI === "true";
const cannotRun =
  process.getuid?.() !== 0
    ? "needs root (network namespaces, a bridge, nftables)"
    : await run("nft", ["--version"]).then(
        () => undefined,
        () => "nft is not installed",
      );

const tag = Math.random().toString(16).slice(2, 8);
const ns = { provider: `kl-p-${tag}`, client: `kl-c-${tag}`, guest: `kl-g-${tag}` };
const table = "vm_on_golem_golem0";
const idleTimeoutSeconds = 2;
const ruleset = (fresh = false) =>
  buildGuestRuleset({
    table,
    bridge: "golem0",
    subnet: "10.243.0.0/24",
    hostNetworks: ["192.0.2.10/32", "192.0.2.0/24"],
    allowEgress: [],
    forwards: [
      { publicPort: 2200, address: "10.243.0.2" },
      { publicPort: 2201, address: "10.243.0.2", guestPort: 8080 },
    ],
    connectionLimits: { perGuest: 3, perSource: 2 },
    idleTimeoutSeconds,
    fresh,
  });
const apply = (script: string) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn("ip", ["netns", "exec", ns.provider, "nft", "-f", "-"], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`nft -f - exited ${code}: ${stderr}`)),
    );
    child.stdin.end(script);
  });
const listTable = () => inNetns(ns.provider, ["nft", "list", "table", "inet", table]);

const echoServers: ChildProcess[] = [];
let made = false;

beforeAll(async () => {
  if (cannotRun) return;
  for (const name of Object.values(ns)) await createNetns(name);
  made = true;
  const veth = (a: string, b: string, peerNs: string) =>
    ipCommand(
      "-n",
      ns.provider,
      "link",
      "add",
      a,
      "type",
      "veth",
      "peer",
      "name",
      b,
      "netns",
      peerNs,
    );
  await veth("up0", "eth0", ns.client);
  await veth("gvm00000000", "eth0", ns.guest);
  await ipCommand("-n", ns.provider, "link", "add", "golem0", "type", "bridge");
  await ipCommand("-n", ns.provider, "addr", "add", "10.243.0.1/24", "dev", "golem0");
  await ipCommand("-n", ns.provider, "addr", "add", "192.0.2.10/24", "dev", "up0");
  await ipCommand("-n", ns.provider, "link", "set", "gvm00000000", "master", "golem0");
  for (const dev of ["golem0", "up0", "gvm00000000"]) {
    await ipCommand("-n", ns.provider, "link", "set", dev, "up");
  }
  for (const host of [2, 3, 4, 5]) {
    await ipCommand("-n", ns.client, "addr", "add", `192.0.2.${host}/24`, "dev", "eth0");
  }
  await ipCommand("-n", ns.client, "link", "set", "eth0", "up");
  await ipCommand("-n", ns.guest, "addr", "add", "10.243.0.2/24", "dev", "eth0");
  await ipCommand("-n", ns.guest, "link", "set", "eth0", "up");
  await ipCommand("-n", ns.guest, "route", "add", "default", "via", "10.243.0.1");
  await inNetns(ns.provider, ["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
  for (const port of [22, 8080]) echoServers.push(await startEchoServer(ns.guest, port));
  await apply(ruleset());
});

afterAll(async () => {
  for (const child of echoServers) child.kill("SIGKILL");
  if (made) await removeNetns(Object.values(ns));
});

/** An echo server on `port` in namespace `netns`; resolves once it listens. */
async function startEchoServer(netns: string, port: number): Promise<ChildProcess> {
  const script = `require("node:net").createServer((s) => { s.on("error", () => {}); s.pipe(s); })
    .listen(${port}, "0.0.0.0", () => console.log("listening"));`;
  const child = spawn("ip", ["netns", "exec", netns, process.execPath, "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(child.stdout, "data");
  return child;
}

/**
 * Runs `body` (JavaScript) in the client namespace with Node; resolves with what it printed.
 * It has `open(port, from)` (an open socket, or the error's code), `echo(socket, text)` (what
 * came back, or the error's code), `state(x)`, `sleep(ms)` and `rebuild()`, which applies the
 * node's ruleset again in the provider namespace, as every VM change and start-up does.
 */
function inClient(body: string): Promise<string> {
  const script = `const net = require("node:net");
const { execFileSync } = require("node:child_process");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const open = (port, from) => new Promise((resolve) => {
  const s = net.connect({ host: "192.0.2.10", port, localAddress: from });
  s.once("connect", () => { s.removeAllListeners("error"); s.on("error", () => {}); resolve(s); });
  s.once("error", (e) => resolve(e.code));
});
const echo = (s, text) => new Promise((resolve) => {
  const done = (v) => { s.removeAllListeners("data"); s.removeAllListeners("close"); resolve(v); };
  s.once("data", (d) => done(String(d)));
  s.once("error", (e) => done(e.code));
  s.once("close", () => done("closed"));
  s.write(text);
});
const state = (s) => (typeof s === "string" ? s : "open");
const rebuild = () => execFileSync("ip", ["netns", "exec", ${JSON.stringify(ns.provider)}, "nft", "-f", "-"], { input: ${JSON.stringify(ruleset())} });
(async () => { ${body} })().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  return inNetns(ns.client, [process.execPath, "-e", script], 60_000);
}

describe("the kernel forwards' caps and idle timeout, on a real kernel", () => {
  if (cannotRun && !required) {
    test.skip(`skipped: ${cannotRun}`, () => {});
    return;
  }

  test("at most 3 connections to the guest across its ports and 2 per source: the next is reset at once; a rebuild keeps the count; a closed one frees its place", async () => {
    expect(cannotRun, "root and nft are required in CI").toBeUndefined();
    const out = await inClient(`
      const a = await open(2200, "192.0.2.2");
      const b = await open(2201, "192.0.2.2");
      const c = await open(2201, "192.0.2.2"); // a third from one source
      const d = await open(2201, "192.0.2.3"); // the guest's third, on its other port
      rebuild();
      const e = await open(2200, "192.0.2.4"); // the guest's fourth, from a fresh source
      console.log([a, b, c, d, e].map(state).join(","));
      console.log(await echo(a, "ssh?"), await echo(d, "web?"));
      a.end();
      await sleep(500);
      const f = await open(2200, "192.0.2.4"); // a's place, now free
      console.log(state(f), await echo(f, "again"));
    `);
    expect(out.split("\n").slice(0, 3)).toEqual([
      "open,open,ECONNREFUSED,open,ECONNREFUSED",
      "ssh? web?",
      "open again",
    ]);
  });

  test(`a connection idle for over ${idleTimeoutSeconds} s is reset at its next packet; a busy one lives on, through a rebuild`, async () => {
    const out = await inClient(`
      const idle = await open(2201, "192.0.2.5");
      const busy = await open(2200, "192.0.2.5");
      console.log(await echo(idle, "1"), await echo(busy, "1"));
      rebuild();
      let replies = "";
      for (let i = 0; i < 6; i++) { await sleep(700); replies += await echo(busy, "b"); }
      console.log(replies);
      console.log(await echo(idle, "still there?"), await echo(busy, "2"));
    `);
    expect(out.split("\n").slice(0, 3)).toEqual(["1 1", "bbbbbb", "ECONNRESET 2"]);
  });

  test("applying the ruleset again, or fresh, leaves the same table with each rule once", async () => {
    const before = await listTable();
    expect(before).toContain(`ct timeout forward_idle_${idleTimeoutSeconds} {`);
    expect(before).toContain(`policy = { established : ${idleTimeoutSeconds} }`);
    expect(before).toContain('ct status dnat ct timeout set "forward_idle_2"');
    expect(before.match(/dnat ip to/g)).toHaveLength(2);
    // Kept as it was, the open connections' counts too.
    await apply(ruleset());
    expect(await listTable()).toBe(before);
    // Fresh (a table of another version): the same rules; the counts start again.
    const withoutCounts = (listing: string) =>
      listing.replace(/\n\t*elements = \{[^}]*ct count[^}]*\}/g, "");
    await apply(ruleset(true));
    expect(withoutCounts(await listTable())).toBe(withoutCounts(before));
  });
});
