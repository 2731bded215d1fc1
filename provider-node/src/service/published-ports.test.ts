import { once } from "node:events";
import { connect } from "node:net";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { afterEach, describe, expect, test } from "vitest";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";
import { isPortBindable } from "../net/port-pool.ts";

const alice = "0x1111111111111111111111111111111111111111";

let h: ServiceHarness;
afterEach(async () => {
  await h?.close();
});

/** Everything a client reads from a public port until the other side closes (or "" when refused). */
async function readAll(port: number): Promise<string> {
  const socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => {});
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(socket, "close");
  return Buffer.concat(chunks).toString();
}

describe("published ports (fake driver: each host port answers `guest port <n>`)", () => {
  test("create publishes each guest port on a port of the SSH range; stop holds, start restores, destroy frees them", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, { ...vmRequest(), ports: [443, 80] });
    const { start, end } = h.publicRange;
    expect(vm.published.map((p) => p.guestPort)).toEqual([80, 443]);
    const publicPorts = [vm.sshPort, ...vm.published.map((p) => p.publicPort)];
    expect(new Set(publicPorts).size).toBe(3);
    for (const port of publicPorts) expect(port >= start && port < end).toBe(true);
    expect(h.service.portUsage().inUse).toBe(3);
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    const [http, https] = vm.published;
    expect(await readAll(http?.publicPort as number)).toBe("guest port 80\n");
    expect(await readAll(https?.publicPort as number)).toBe("guest port 443\n");

    await h.service.stopVm(vm.id, alice);
    expect(h.service.getVm(vm.id).published).toEqual(vm.published);
    // Held while stopped: bound by the node, nothing answers.
    expect(await isPortBindable("127.0.0.1", http?.publicPort as number)).toBe(false);
    expect(await readAll(http?.publicPort as number)).toBe("");

    await h.service.startVm(vm.id, alice);
    expect(h.service.getVm(vm.id).published).toEqual(vm.published);
    expect(await readAll(http?.publicPort as number)).toBe("guest port 80\n");

    await h.service.destroyVm(vm.id, alice);
    expect(h.service.portUsage().inUse).toBe(0);
    for (const port of publicPorts) expect(await isPortBindable("127.0.0.1", port)).toBe(true);
  });

  test("a node restart re-adopts a running VM on the same published ports", async () => {
    h = await createServiceHarness();
    const vm = await h.service.createVm(alice, { ...vmRequest(), ports: [8080] });
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    const port = vm.published[0]?.publicPort as number;
    await h.crash();
    expect(await isPortBindable("127.0.0.1", port)).toBe(true);

    const restarted = h.restart();
    const report = await restarted.service.recover();
    expect(report).toMatchObject({ adopted: [vm.id], problems: [] });
    expect(restarted.service.getVm(vm.id).published).toEqual(vm.published);
    expect(await readAll(port)).toBe("guest port 8080\n");
  });

  test("refuses more ports than the per-VM limit, naming it, and holds nothing", async () => {
    h = await createServiceHarness({ maxPublishedPorts: 2 });
    const error = await golemRejection(
      h.service.createVm(alice, { ...vmRequest(), ports: [80, 443, 8080] }),
    );
    expect(error).toMatchObject({
      code: "PORTS_LIMIT_EXCEEDED",
      message: "3 published ports asked, this provider allows at most 2 per VM",
      details: { asked: 3, limit: 2 },
    });
    expect(h.service.listVms()).toEqual([]);
  });

  test("refuses port 22 and duplicates", async () => {
    h = await createServiceHarness();
    for (const ports of [[22], [80, 80]]) {
      const error = await golemRejection(h.service.createVm(alice, { ...vmRequest(), ports }));
      expect(error.code).toBe("VALIDATION_FAILED");
    }
  });

  test("refuses with PORTS_EXHAUSTED when the pool has no port left for a published port, and keeps no port", async () => {
    h = await createServiceHarness({ ports: 2 });
    const error = await golemRejection(
      h.service.createVm(alice, { ...vmRequest(), ports: [80, 443] }),
    );
    expect(error.code).toBe("PORTS_EXHAUSTED");
    expect(h.service.portUsage().inUse).toBe(0);
    // What fits still goes: SSH and one published port take the two public ports.
    const vm = await h.service.createVm(alice, { ...vmRequest(), ports: [80] });
    expect(vm.published).toHaveLength(1);
  });
});
