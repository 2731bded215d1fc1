import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { vmViewSchema } from "@vm-on-golem/sdk/provider-api";
import { afterEach, describe, expect, test } from "vitest";
import {
  createServiceHarness,
  type ServiceHarness,
  vmRequest,
} from "../../test/support/service-harness.ts";
import { vmView } from "../api/vm-view.ts";
import { parseVmId } from "../vm/driver.ts";
import { createHostKeyStore } from "../vm/host-keys.ts";

const alice = "0x1111111111111111111111111111111111111111";

let h: ServiceHarness;
afterEach(async () => {
  await h?.close();
});

describe("SSH host keys made by the node (fake driver, real ssh-keygen)", () => {
  test("a new VM's view names its host keys from the start; the driver gets the matching pairs; destroy forgets them", async () => {
    h = await createServiceHarness({ hostKeys: true });
    const created = await h.service.createVm(alice, vmRequest());
    const store = createHostKeyStore({ dir: join(h.dir, "host-keys") });
    const id = parseVmId(created.id);
    const shown = await store.publicKeys(id);
    expect(shown).toHaveLength(2);
    // The very first answer (status creating) already carries them, checked as a client would.
    const view = vmViewSchema.parse(vmView(created));
    expect(view.sshHostKeys).toEqual(shown);
    expect(view.sshHostKeys?.[0]?.publicKey).toMatch(/^ssh-ed25519 /);

    await expect.poll(() => h.service.getVm(created.id).status).toBe("running");
    expect(vmView(h.service.getVm(created.id)).sshHostKeys).toEqual(shown);
    const given = h.driver.specOf(created.id).sshHostKeys;
    expect(given).toEqual(await store.privateKeys(id));
    expect(given?.[0]?.publicKey).toBe(shown?.[0]?.publicKey);

    await h.service.destroyVm(created.id);
    expect(await store.publicKeys(id)).toBeUndefined();
    expect(await readdir(join(h.dir, "host-keys"))).toEqual([]);
  });

  test("each VM gets keys of its own", async () => {
    h = await createServiceHarness({ hostKeys: true });
    const one = await h.service.createVm(alice, vmRequest("one"));
    const two = await h.service.createVm(alice, vmRequest("two"));
    expect(one.sshHostKeys?.[0]).toBeDefined();
    expect(one.sshHostKeys?.[0]).not.toBe(two.sshHostKeys?.[0]);
  });

  test("without a key store the guest makes its own keys and the view says null (not pinned)", async () => {
    h = await createServiceHarness();
    const created = await h.service.createVm(alice, vmRequest());
    expect(vmViewSchema.parse(vmView(created)).sshHostKeys).toBeNull();
    await expect.poll(() => h.service.getVm(created.id).status).toBe("running");
    expect(h.driver.specOf(created.id).sshHostKeys).toBeUndefined();
  });
});
