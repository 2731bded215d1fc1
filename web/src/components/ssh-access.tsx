"use client";

import type { AccessView } from "@vm-on-golem/sdk/provider-client";
import { sshCommandOf } from "@vm-on-golem/sdk/ssh";
import { useState } from "react";
import { ErrorDisplay } from "./error-display.tsx";
import { keyFileName } from "./ssh-key-field.tsx";

/**
 * The SSH command with a Copy button and, for a key made in the page, the one-time setup. The
 * command is built here from the provider's host and port, checked (`sshCommandOf`); a hostile
 * answer gets a refusal on the page and nothing to copy, never the provider's `sshCommand` text.
 */
export function SshAccess({ access, generatedKey }: { access: AccessView; generatedKey: boolean }) {
  const [copied, setCopied] = useState(false);
  let command: string;
  try {
    command = sshCommandOf({
      access,
      keyFile: generatedKey ? `~/.ssh/${keyFileName}` : undefined,
    });
  } catch (error) {
    return (
      <div className="ssh-access" data-testid="ssh-access-refused">
        <ErrorDisplay error={error} title="no SSH command" />
      </div>
    );
  }
  const copy = async () => {
    await navigator.clipboard.writeText(command).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div
      className="ssh-access"
      data-testid="ssh-access"
      data-port={access.port}
      data-host={access.host}
    >
      <p>
        <code data-testid="ssh-command">{command}</code>{" "}
        <button type="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </p>
      {generatedKey ? (
        <details open>
          <summary>One-time key setup</summary>
          <pre>{`mkdir -p ~/.ssh && mv ~/Downloads/${keyFileName} ~/.ssh/${keyFileName}
chmod 600 ~/.ssh/${keyFileName}`}</pre>
        </details>
      ) : (
        <p>
          <small>Log in with the private key that belongs to the public key you gave.</small>
        </p>
      )}
    </div>
  );
}
