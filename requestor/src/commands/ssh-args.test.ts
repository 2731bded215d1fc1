import { describe, expect, it } from "vitest";
import { sshArgs } from "./ssh-args.ts";

describe("sshArgs", () => {
  it("uses the key, port and user and passes a remote command through", () => {
    const args = sshArgs({
      vm: { sshHost: "203.0.113.5", sshPort: 50800 },
      keyPath: "/h/.golem/ssh/id_ed25519",
      user: "golem",
      command: ["ls", "-la", "/tmp"],
    });
    expect(args.slice(0, 4)).toEqual(["-i", "/h/.golem/ssh/id_ed25519", "-p", "50800"]);
    expect(args.slice(-4)).toEqual(["golem@203.0.113.5", "ls", "-la", "/tmp"]);
  });
  it("keeps the VM's host keys in its own file when given", () => {
    const args = sshArgs({
      vm: { sshHost: "h", sshPort: 1 },
      keyPath: "k",
      user: "golem",
      knownHostsFile: "/h/.golem/ssh/known_hosts.d/web-1",
    });
    expect(args).toContain("UserKnownHostsFile=/h/.golem/ssh/known_hosts.d/web-1");
  });
  it("accepts only the pinned keys when the VM's keys are pinned, and first-use keys otherwise", () => {
    const base = { vm: { sshHost: "h", sshPort: 1 }, keyPath: "k", user: "golem" };
    const pinned = sshArgs({ ...base, knownHostsFile: "/kh", hostKeys: "pinned" });
    expect(pinned).toContain("StrictHostKeyChecking=yes");
    expect(pinned).toContain("GlobalKnownHostsFile=/dev/null");
    expect(pinned).toContain("UpdateHostKeys=no");
    expect(pinned).not.toContain("StrictHostKeyChecking=accept-new");
    expect(sshArgs(base)).toContain("StrictHostKeyChecking=accept-new");
    expect(sshArgs(base)).not.toContain("StrictHostKeyChecking=yes");
  });
});
