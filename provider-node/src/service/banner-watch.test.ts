import { Socket } from "node:net";
import { queryObjects } from "node:v8";
import { afterEach, expect, test } from "vitest";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";

const alice = "0x1111111111111111111111111111111111111111";

let h: ServiceHarness;
afterEach(async () => {
  await h?.close();
});

// Every start waits for the banner. The waits used to hang their sockets on the service's
// shutdown signal, so each one stayed reachable until the node stopped (+2 per cycle).
test("banner waits of many stop/start cycles leave no socket alive (the fake driver's guest answers at once)", async () => {
  h = await createServiceHarness();
  const vm = await h.service.createVm(alice, vmRequest());
  await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
  const cycle = async () => {
    await h.service.stopVm(vm.id, alice);
    await h.service.startVm(vm.id, alice);
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
  };
  await cycle();
  // queryObjects collects garbage first: what it counts is held by someone.
  const before = queryObjects(Socket, { format: "count" });
  const cycles = 40;
  for (let i = 0; i < cycles; i++) await cycle();
  const grown = queryObjects(Socket, { format: "count" }) - before;
  expect(grown).toBeLessThan(cycles / 4);
});
