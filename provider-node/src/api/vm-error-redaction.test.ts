import { afterEach, expect, test } from "vitest";
import { type ApiHarness, createApiHarness, testHost } from "../../test/support/api-harness.ts";
import { randomAccount } from "../../test/support/siwe.ts";
import { VmError } from "../vm/vm-error.ts";

// The TEST-ONLY fake driver plays a hypervisor whose failure names the node's host paths.
let h: ApiHarness;
afterEach(async () => {
  await h?.close();
});

test("attack: a requestor reads the node's host paths from a failed VM's error field: they are <path>", async () => {
  h = await createApiHarness();
  const { authorization } = await h.signIn(randomAccount());
  const headers = { host: testHost, authorization };
  h.driver.failNext(
    "create",
    new VmError(
      "VM_START_FAILED",
      "qemu-system-x86_64: -drive file=/home/operator/.golem-provider/vms/x/disk.qcow2: Could not open '/home/operator/.golem-provider/vms/x/disk.qcow2': Permission denied",
    ),
  );
  const created = await h.app.inject({
    method: "POST",
    url: "/api/v1/vms",
    headers,
    payload: {
      name: "web",
      cpu: 1,
      memoryGiB: 1,
      storageGiB: 2,
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey test@host",
    },
  });
  const id = created.json().id;
  await expect.poll(() => h.service.getVm(id).status).toBe("failed");
  // The operator keeps the whole text; the owner sees it redacted, in the one view and the list.
  expect(h.service.getVm(id).error).toContain("/home/operator");
  const one = await h.app.inject({ method: "GET", url: `/api/v1/vms/${id}`, headers });
  const list = await h.app.inject({ method: "GET", url: "/api/v1/vms", headers });
  for (const body of [one.body, list.body]) {
    expect(body).not.toContain("/home/operator");
    expect(body).not.toContain(".golem-provider");
  }
  expect(one.json().error).toBe(
    "create failed: qemu-system-x86_64: -drive file=<path>: Could not open '<path>': Permission denied",
  );
});
