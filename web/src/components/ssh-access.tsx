"use client";

import type { AccessView } from "@vm-on-golem/sdk/provider-client/provider-api-types";
import { useState } from "react";
import { keyFileName } from "./ssh-key-field.tsx";

/** The SSH command with a Copy button and, for a key made in the page, the one-time setup. */
export function SshAccess({ access, generatedKey }: { access: AccessView; generatedKey: boolean }) {
  const [copied, setCopied] = useState(false);
  const command = generatedKey
    ? `ssh -i ~/.ssh/${keyFileName} -p ${access.port} ${access.user}@${access.host}`
    : access.sshCommand;
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
      data-user={access.user}
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
