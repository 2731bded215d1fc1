import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildUserData, mergeCloudConfig } from "./cloud-config.ts";
import { isVmError } from "./vm-error.ts";

const key =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000 me@laptop";

describe("buildUserData", () => {
  it("creates the golem user with the key and passwordless sudo", () => {
    expect(buildUserData({ sshPublicKey: key })).toMatchInlineSnapshot(`
      "#cloud-config
      users:
        - name: golem
          gecos: VM on Golem
          shell: /bin/bash
          sudo: ALL=(ALL) NOPASSWD:ALL
          lock_passwd: true
          ssh_authorized_keys:
            - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000 me@laptop
      disable_root: true
      "
    `);
  });

  it("appends the requestor's lists so their users: cannot drop the login user", () => {
    const text = buildUserData({
      sshPublicKey: key,
      userCloudConfig:
        "#cloud-config\nusers: [default, {name: alice}]\npackages: [htop]\nssh_pwauth: true\n",
    });
    const doc = parse(text);
    expect(
      doc.users.map((u: string | { name: string }) => (typeof u === "string" ? u : u.name)),
    ).toEqual(["golem", "default", "alice"]);
    expect(doc.packages).toEqual(["htop"]);
    expect(doc.ssh_pwauth).toBe(true);
  });

  it("treats users: as a comma list", () => {
    const doc = parse(buildUserData({ sshPublicKey: key, userCloudConfig: "users: default, bob" }));
    expect(doc.users).toHaveLength(3);
  });

  it.each([
    ["a script", "#!/bin/sh\necho hi\n"],
    ["a list", "- a\n- b\n"],
    ["broken YAML", "a: [b\n"],
    ["MIME", "Content-Type: multipart/mixed\n"],
  ])("refuses %s", (_name, userCloudConfig) => {
    const error = (() => {
      try {
        buildUserData({ sshPublicKey: key, userCloudConfig });
      } catch (e) {
        return e;
      }
    })();
    expect(isVmError(error, "VM_INVALID_SPEC")).toBe(true);
  });

  it("accepts an empty document", () => {
    expect(
      parse(buildUserData({ sshPublicKey: key, userCloudConfig: "#cloud-config\n" })).users,
    ).toHaveLength(1);
  });

  it("gives the node's host keys to cloud-init, after the requestor's config so they cannot be swapped", () => {
    const hostKey = {
      type: "ed25519" as const,
      privateKey:
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n",
      publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeHostKey",
    };
    const parsed = parse(
      buildUserData({
        sshPublicKey: key,
        userCloudConfig:
          "#cloud-config\nssh_deletekeys: false\nssh_keys: {ed25519_private: mine, rsa_private: mine}\n",
        sshHostKeys: [hostKey],
      }),
    );
    expect(parsed.ssh_deletekeys).toBe(true);
    expect(parsed.ssh_keys).toEqual({
      ed25519_private: hostKey.privateKey,
      ed25519_public: hostKey.publicKey,
    });
    expect(parse(buildUserData({ sshPublicKey: key })).ssh_keys).toBeUndefined();
  });

  it("refuses a key with a newline or of an unknown type", () => {
    expect(() => buildUserData({ sshPublicKey: `${key}\nssh-rsa AAAA x` })).toThrow(
      /OpenSSH public key/,
    );
    expect(() => buildUserData({ sshPublicKey: "not-a-key AAAA" })).toThrow(/OpenSSH public key/);
  });
});

describe("mergeCloudConfig", () => {
  it("merges mappings recursively and leaves its inputs alone", () => {
    const base = { a: { b: 1, c: [1] }, d: "x" };
    const merged = mergeCloudConfig(base, { a: { c: [2], e: 3 }, d: "y" });
    expect(merged).toEqual({ a: { b: 1, c: [1, 2], e: 3 }, d: "y" });
    expect(base).toEqual({ a: { b: 1, c: [1] }, d: "x" });
  });
});
