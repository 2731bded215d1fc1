// `golem vm create --publish PORT`: the ports are checked against the provider's signed advert
// (maxPublishedPorts, 4 by default) before anything is paid, and a published port reaches the
// guest's service, shown by `vm create` and `vm info`. A real Hardhat chain and the real
// provider daemon with payments on; the VM is the provider's TEST-ONLY fake process guest
// (each published host port answers `guest port <n>`), since the CLI is the subject here:
// real guests are reached on published ports in guest-isolation.test.ts.
import { once } from "node:events";
import { connect } from "node:net";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

let paid: PaidChain;
let daemon: ProviderDaemon;
let providerId: Address;
let env: Record<string, string>;

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  providerId = await daemon.address();
  env = { ...paid.env, ...fakeGuestLoginEnv };
}, 300_000);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

const create = (name: string, ...extra: string[]) => [
  ...["vm", "create", name, "--provider-id", providerId, "--provider-url", daemon.apiUrl],
  ...["--cpu", "1", "--memory", "1", "--storage", "4", "--hours", "2", "--yes", "--json"],
  ...extra,
];

/** What a client reads from 127.0.0.1:port until the server closes. */
async function readAll(port: number): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port });
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(socket, "close");
  return Buffer.concat(chunks).toString();
}

type Published = Array<{ guestPort: number; host: string; port: number }>;

describe("golem vm create --publish", { timeout: 180_000 }, () => {
  it("more ports than the advert allows, or a bad one, fail before any stream is opened", async () => {
    jsonOf(await runGolem(["wallet", "faucet", "--json"], env));
    const publish = ["80", "81", "82", "83", "84"].flatMap((p) => ["--publish", p]);
    const many = await runGolem(create("many", ...publish), env, { timeoutMs: 120_000 });
    expect(many.code).toBe(1);
    expect(JSON.parse(many.stdout).error).toMatchObject({
      code: "PORTS_LIMIT_EXCEEDED",
      message: "5 published ports asked, this provider allows at most 4 per VM",
      details: { field: "--publish", asked: 5, limit: 4 },
    });
    const ssh = await runGolem(create("ssh", "--publish", "22"), env);
    expect(JSON.parse(ssh.stdout).error).toMatchObject({ code: "VALIDATION_FAILED" });
    // Nothing was paid: no stream was opened, no VM recorded.
    const streams = jsonOf<{ streams: unknown[] }>(
      await runGolem(["vm", "stream", "list", "--json"], env, { timeoutMs: 120_000 }),
    );
    expect(streams.streams).toEqual([]);
    expect(jsonOf<{ vms: unknown[] }>(await runGolem(["vm", "list", "--json"], env)).vms).toEqual(
      [],
    );
  });

  it("publishes the guest port; vm create and vm info show it, and it reaches the guest", async () => {
    const created = jsonOf<{ status: string; publishedPorts: Published }>(
      await runGolem(create("web", "--publish", "8080"), env, { timeoutMs: 180_000 }),
    );
    expect(created.status).toBe("running");
    const [web] = created.publishedPorts;
    expect(web).toMatchObject({ guestPort: 8080, host: "127.0.0.1" });
    expect(await readAll(web?.port as number)).toBe("guest port 8080\n");
    const info = jsonOf<{ publishedPorts: Array<{ guestPort: number; port: number }> }>(
      await runGolem(["vm", "info", "web", "--json"], env),
    );
    expect(info.publishedPorts).toEqual([{ guestPort: 8080, port: web?.port }]);
    const text = await runGolem(["vm", "info", "web"], env);
    expect(text.stdout).toMatch(new RegExp(`Ports +: 8080 → 127\\.0\\.0\\.1:${web?.port}\n`));
  });
});
