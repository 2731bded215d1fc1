import { afterEach, describe, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";

// GET /api/v1/vms/{id}/console over the fake driver, whose console is one boot line (the real
// QEMU ring, its cap and a real guest are in test/guest-console-network.test.ts).
let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

const get = (url: string, authorization?: string) =>
  h.app.inject({
    method: "GET",
    url,
    headers: { host: testHost, ...(authorization ? { authorization } : {}) },
  });

describe("GET /api/v1/vms/{id}/console (fake driver)", () => {
  test("the owner reads the recent output, as many bytes as asked; others see no such VM", async () => {
    h = await createApiHarness();
    const alice = await h.signIn(randomAccount());
    const bob = await h.signIn(randomAccount());
    const created = await h.app.inject({
      method: "POST",
      url: "/api/v1/vms",
      headers: { host: testHost, authorization: alice.authorization },
      payload: {
        name: "web",
        cpu: 1,
        memoryGiB: 0.5,
        storageGiB: 2,
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
      },
    });
    const vm = created.json();
    await expect.poll(() => h.service.getVm(vm.id).status).toBe("running");
    const url = `/api/v1/vms/${vm.id}/console`;

    const whole = await get(url, alice.authorization);
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.json()).toMatchObject({
      id: vm.id,
      output: expect.stringContaining("Linux version"),
    });
    expect(whole.json().bytes).toBe(Buffer.byteLength(whole.json().output));
    // Raw guest text, escapes included: the CLI sanitizes before printing.
    expect(whole.json().output).toContain("\u001b[2J");

    const tail = (await get(`${url}?bytes=11`, alice.authorization)).json();
    expect(tail).toEqual({ id: vm.id, output: "login: \u001b[2J", bytes: 11 });

    const other = await get(url, bob.authorization);
    expect([other.statusCode, other.json().error.code]).toEqual([404, "VM_NOT_FOUND"]);
    expect((await get(url)).statusCode).toBe(401);
    expect((await get(`${url}?bytes=0`, alice.authorization)).statusCode).toBe(400);
    expect((await get(`${url}?bytes=1048577`, alice.authorization)).statusCode).toBe(400);
  });
});
