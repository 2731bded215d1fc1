import { once } from "node:events";
import { createServer } from "node:net";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { describe, expect, test } from "vitest";
import { createPortPool, isPortBindable } from "./port-pool.ts";

const ranges = {
  publicRange: { start: 100, end: 103 },
  publicHost: "0.0.0.0",
  hostRange: { start: 200, end: 202 },
};

describe("createPortPool", () => {
  test("skips ports held in the database, by other leases, or not bindable", async () => {
    const allocated = [100];
    const pool = createPortPool({
      ...ranges,
      publicRange: { start: 100, end: 104 },
      allocated: () => allocated,
      isBindable: async (_host, port) => port !== 101,
    });
    const first = await pool.lease();
    expect([first.sshPort, first.hostPort]).toEqual([102, 200]);
    // 102 and 200 stay held by the first lease until it is released (written to the db).
    const second = await pool.lease();
    expect([second.sshPort, second.hostPort]).toEqual([103, 201]);
    await expect(pool.lease()).rejects.toMatchObject({ code: "PORTS_EXHAUSTED" });
    first.release();
    second.release();
    allocated.push(102, 200);
    const third = await pool.lease();
    expect([third.sshPort, third.hostPort]).toEqual([103, 201]);
  });

  test("fails with PORTS_EXHAUSTED naming the range and frees the public port it held", async () => {
    const pool = createPortPool({
      ...ranges,
      allocated: () => [200, 201],
      isBindable: async () => true,
    });
    const error = await golemRejection(pool.lease());
    expect(error.code).toBe("PORTS_EXHAUSTED");
    expect(error.message).toBe("no free driver host port in 200-201");
    expect(pool.publicUsage()).toEqual({ start: 100, end: 103, inUse: 0, free: 3 });
  });

  test("leases a public and a host port per published guest port, from the SSH ranges", async () => {
    const pool = createPortPool({
      ...ranges,
      hostRange: { start: 200, end: 203 },
      allocated: () => [],
    });
    const lease = await pool.lease([80, 443]);
    expect(lease).toMatchObject({
      sshPort: 100,
      hostPort: 200,
      published: [
        { guestPort: 80, publicPort: 101, hostPort: 201 },
        { guestPort: 443, publicPort: 102, hostPort: 202 },
      ],
    });
    await expect(pool.lease()).rejects.toMatchObject({ code: "PORTS_EXHAUSTED" });
    lease.release();
    expect((await pool.lease()).sshPort).toBe(100);
  });

  test("a lease that runs out of ports for a published port holds none of its ports", async () => {
    const pool = createPortPool({ ...ranges, allocated: () => [] });
    const error = await golemRejection(pool.lease([80, 443]));
    expect(error.code).toBe("PORTS_EXHAUSTED");
    expect(error.message).toBe("no free driver host port in 200-201");
    // Everything the failed lease picked is free again: a plain lease gets the first ports.
    const lease = await pool.lease([80]);
    expect(lease.published).toEqual([{ guestPort: 80, publicPort: 101, hostPort: 201 }]);
  });

  test("publicUsage counts only ports in the public range", () => {
    const pool = createPortPool({ ...ranges, allocated: () => [100, 102, 200] });
    expect(pool.publicUsage()).toMatchObject({ inUse: 2, free: 1 });
  });
});

test("isPortBindable tells a bound port from a free one", async () => {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  expect(await isPortBindable("127.0.0.1", port)).toBe(false);
  server.close();
  await once(server, "close");
  expect(await isPortBindable("127.0.0.1", port)).toBe(true);
});
