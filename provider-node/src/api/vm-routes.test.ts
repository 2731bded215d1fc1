import { afterEach, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";

let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

const body = {
  name: "web",
  cpu: 1,
  memoryGiB: 0.5,
  storageGiB: 2,
  sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
};

type Method = "GET" | "POST" | "DELETE";
const call = (method: Method, url: string, authorization?: string, payload?: object) =>
  h.app.inject({
    method,
    url,
    headers: { host: testHost, ...(authorization ? { authorization } : {}) },
    ...(payload ? { payload } : {}),
  });

describe("VM routes (fake driver)", () => {
  test("create → running → access → stop → start → destroy", async () => {
    h = await createApiHarness();
    const alice = await h.signIn(randomAccount());

    const created = await call("POST", "/api/v1/vms", alice.authorization, body);
    expect(created.statusCode).toBe(202);
    const vm = created.json();
    expect(vm).toMatchObject({
      name: "web",
      status: "creating",
      resources: { cpu: 1, memoryGiB: 0.5, storageGiB: 2 },
      sshPort: h.publicRange.start,
      publishedPorts: [],
      streamId: null,
      error: null,
    });
    expect(vm.id).toMatch(/^vm-[0-9a-f]{12}$/);

    await expect
      .poll(
        async () => (await call("GET", `/api/v1/vms/${vm.id}`, alice.authorization)).json().status,
      )
      .toBe("running");
    const list = await call("GET", "/api/v1/vms", alice.authorization);
    expect(list.json().map((v: { id: string }) => v.id)).toEqual([vm.id]);

    const access = await call("GET", `/api/v1/vms/${vm.id}/access`, alice.authorization);
    expect(access.json()).toEqual({
      host: "provider.test",
      port: vm.sshPort,
      user: "golem",
      sshCommand: `ssh -p ${vm.sshPort} golem@provider.test`,
      publishedPorts: [],
    });

    const stopped = await call("POST", `/api/v1/vms/${vm.id}/stop`, alice.authorization);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json().status).toBe("stopped");
    const again = await call("POST", `/api/v1/vms/${vm.id}/stop`, alice.authorization);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("VM_INVALID_STATE");

    const started = await call("POST", `/api/v1/vms/${vm.id}/start`, alice.authorization);
    expect(started.statusCode).toBe(202);
    expect(started.json().status).toBe("starting");

    const destroyed = await call("DELETE", `/api/v1/vms/${vm.id}`, alice.authorization);
    expect(destroyed.json()).toEqual({ id: vm.id, status: "destroyed", stream: null });
    expect((await call("GET", `/api/v1/vms/${vm.id}`, alice.authorization)).statusCode).toBe(404);
    expect(h.driver.states()).toEqual({});
  });

  test("refuses a bad request with VALIDATION_FAILED listing the fields, and a taken name with VM_NAME_TAKEN", async () => {
    h = await createApiHarness();
    const alice = await h.signIn(randomAccount());
    const bad = await call("POST", "/api/v1/vms", alice.authorization, {
      ...body,
      cpu: 0,
      sshPublicKey: "this is not an ssh key line",
    });
    expect(bad.statusCode).toBe(400);
    const error = bad.json().error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.fields.map((f: { path: string }) => f.path)).toEqual([
      "cpu",
      "sshPublicKey",
    ]);
    expect(error.hints).toEqual(["fix the listed fields and send the request again"]);

    expect((await call("POST", "/api/v1/vms", alice.authorization, body)).statusCode).toBe(202);
    const taken = await call("POST", "/api/v1/vms", alice.authorization, body);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("VM_NAME_TAKEN");

    const big = await call("POST", "/api/v1/vms", alice.authorization, {
      ...body,
      name: "big",
      cpu: 8,
    });
    expect(big.statusCode).toBe(503);
    expect(big.json().error).toMatchObject({
      code: "RESOURCES_EXHAUSTED",
      details: { free: { cpu: 7 } },
    });
  });
});

describe("auth matrix (fake driver)", () => {
  test("no session 401, another owner's session 404, expired session 401 — and nothing changes", async () => {
    h = await createApiHarness();
    const alice = await h.signIn(randomAccount());
    const bob = await h.signIn(randomAccount());
    const created = (await call("POST", "/api/v1/vms", alice.authorization, body)).json();
    await expect
      .poll(
        async () =>
          (await call("GET", `/api/v1/vms/${created.id}`, alice.authorization)).json().status,
      )
      .toBe("running");
    const before = (await call("GET", `/api/v1/vms/${created.id}`, alice.authorization)).json();
    const driverCalls = h.driver.calls.length;

    const vmRoutes: Array<[Method, string]> = [
      ["GET", `/api/v1/vms/${created.id}`],
      ["DELETE", `/api/v1/vms/${created.id}`],
      ["POST", `/api/v1/vms/${created.id}/stop`],
      ["POST", `/api/v1/vms/${created.id}/start`],
      ["GET", `/api/v1/vms/${created.id}/access`],
    ];
    const everyRoute: Array<[Method, string, object?]> = [
      ["GET", "/api/v1/vms"],
      ["POST", "/api/v1/vms", { ...body, name: "sneaky" }],
      ...vmRoutes,
    ];

    for (const [method, url, payload] of everyRoute) {
      const res = await call(method, url, undefined, payload);
      expect([method, url, res.statusCode, res.json().error.code]).toEqual([
        method,
        url,
        401,
        "UNAUTHENTICATED",
      ]);
      const junk = await call(method, url, "Bearer nope", payload);
      expect([method, url, junk.statusCode]).toEqual([method, url, 401]);
    }
    for (const [method, url] of vmRoutes) {
      const res = await call(method, url, bob.authorization);
      expect([method, url, res.statusCode, res.json().error]).toEqual([
        method,
        url,
        404,
        expect.objectContaining({
          code: "VM_NOT_FOUND",
          message: `VM ${created.id} does not exist`,
        }),
      ]);
    }
    expect((await call("GET", "/api/v1/vms", bob.authorization)).json()).toEqual([]);

    h.clock.offsetMs = 3601_000;
    for (const [method, url, payload] of everyRoute) {
      const res = await call(method, url, alice.authorization, payload);
      expect([method, url, res.statusCode, res.json().error.message]).toEqual([
        method,
        url,
        401,
        "the session has expired",
      ]);
    }
    h.clock.offsetMs = 0;

    const after = (await call("GET", `/api/v1/vms/${created.id}`, alice.authorization)).json();
    expect(after).toEqual(before);
    expect(h.service.listVms().map((v) => v.name)).toEqual(["web"]);
    expect(h.driver.calls.length).toBe(driverCalls);
  });
});
