"use client";

import type { AccessView, VmView } from "@vm-on-golem/sdk/provider-client";
import { sshCommandOf } from "@vm-on-golem/sdk/ssh";
import { useState } from "react";
import { ErrorDisplay } from "./error-display.tsx";
import { keyFileName } from "./ssh-key-field.tsx";
import { Button } from "./ui/button.tsx";

/**
 * The SSH command with a Copy button and, for a key made in the page, the one-time setup. The
 * command is built here from the provider's host and port, checked (`sshCommandOf`); a hostile
 * answer gets a refusal on the page and nothing to copy, never the provider's `sshCommand` text.
 * With the VM's host keys (its VM view's `sshHostKeys`, checked by the client against their
 * fingerprints) the page shows the fingerprints and the command pins them: it writes them to a
 * known_hosts file of the VM's own and connects with strict checking (a POSIX shell line: bash,
 * zsh, dash). Without them it says the keys are not pinned.
 */
export function SshAccess({
  access,
  generatedKey,
  vm,
}: {
  access: AccessView;
  generatedKey: boolean;
  vm?: Pick<VmView, "id" | "sshHostKeys"> | undefined;
}) {
  const [copied, setCopied] = useState(false);
  const hostKeys = vm?.sshHostKeys ?? null;
  let command: string;
  try {
    command = sshCommandOf({
      access,
      keyFile: generatedKey ? `~/.ssh/${keyFileName}` : undefined,
      pin: vm && hostKeys ? { vmId: vm.id, hostKeys } : undefined,
    });
  } catch (error) {
    return (
      <div className="my-4" data-testid="ssh-access-refused">
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
      className="flex flex-col gap-3 rounded-xl border border-success/40 bg-success/5 p-4"
      data-testid="ssh-access"
      data-port={access.port}
      data-host={access.host}
    >
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="min-w-0 flex-1 rounded-md bg-muted px-3 py-2 text-sm"
          data-testid="ssh-command"
        >
          {command}
        </code>
        <Button variant="outline" size="sm" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <HostKeys hostKeys={hostKeys} />
      <PublishedPorts access={access} />
      {generatedKey ? (
        <details open className="text-sm">
          <summary className="cursor-pointer font-medium">One-time key setup</summary>
          <pre className="mt-2 overflow-x-auto rounded-md bg-muted p-3">{`mkdir -p ~/.ssh && mv ~/Downloads/${keyFileName} ~/.ssh/${keyFileName}
chmod 600 ~/.ssh/${keyFileName}`}</pre>
        </details>
      ) : (
        <p className="text-muted-foreground">
          <small>Log in with the private key that belongs to the public key you gave.</small>
        </p>
      )}
    </div>
  );
}

/** The VM's host key fingerprints (what its provider made and gave it), or "not pinned". */
function HostKeys({ hostKeys }: { hostKeys: VmView["sshHostKeys"] | null }) {
  if (!hostKeys) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="ssh-host-keys" data-pinned="false">
        Host key not pinned: the provider gave none for this VM, so ssh trusts the first key it
        sees.
      </p>
    );
  }
  return (
    <div className="text-sm" data-testid="ssh-host-keys" data-pinned="true">
      <p>Host key pinned: the command accepts only</p>
      <ul>
        {hostKeys.map((key) => (
          <li key={key.fingerprint} data-fingerprint={key.fingerprint}>
            <code className="rounded-md bg-muted px-1">{key.fingerprint}</code> (
            {key.publicKey.split(" ")[0]})
          </li>
        ))}
      </ul>
    </div>
  );
}

const isPort = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65_535;

/**
 * The VM's published ports (guest port → public host:port), when it has any; entries whose
 * ports are not ports are left out (the provider's answer is not trusted), and React shows
 * the host as text.
 */
function PublishedPorts({ access }: { access: AccessView }) {
  const ports = (access.publishedPorts ?? []).filter((p) => isPort(p.guestPort) && isPort(p.port));
  if (ports.length === 0) return null;
  return (
    <ul className="text-sm" data-testid="published-ports">
      {ports.map((p) => (
        <li key={p.guestPort} data-guest-port={p.guestPort} data-port={p.port}>
          port {p.guestPort} →{" "}
          <code className="rounded-md bg-muted px-1">
            {access.host}:{p.port}
          </code>
        </li>
      ))}
    </ul>
  );
}
