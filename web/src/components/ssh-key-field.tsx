"use client";

import { useEffect, useState } from "react";
import { generateOpenSshKeyPair } from "../lib/ssh-key.ts";
import { ErrorDisplay } from "./error-display.tsx";
import { Button } from "./ui/button.tsx";
import { Field } from "./ui/field.tsx";

/** The key the VM will accept: pasted, or an ed25519 pair made here (private key offered as a download). */
export function SshKeyField({
  value,
  onChange,
  onGenerated,
}: {
  value: string;
  onChange: (publicKey: string) => void;
  /** Called with the generated private key's file name (to put in the SSH command). */
  onGenerated: (fileName: string | undefined) => void;
}) {
  const [download, setDownload] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => () => (download ? URL.revokeObjectURL(download) : undefined), [download]);
  const generate = async () => {
    setError(undefined);
    try {
      const pair = await generateOpenSshKeyPair("vm-on-golem-web");
      onChange(pair.publicKey);
      setDownload(URL.createObjectURL(new Blob([pair.privateKey], { type: "text/plain" })));
      onGenerated(keyFileName);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <fieldset className="flex min-w-0 flex-col gap-3 rounded-xl border border-border bg-card p-4">
      <legend className="px-1 text-sm font-semibold">SSH key</legend>
      <Field>
        Public key (one OpenSSH line, e.g. the content of ~/.ssh/id_ed25519.pub)
        <textarea
          name="sshPublicKey"
          className="w-full font-mono text-xs"
          rows={2}
          value={value}
          placeholder="ssh-ed25519 AAAA… you@host"
          onChange={(event) => {
            onChange(event.target.value);
            setDownload(undefined);
            onGenerated(undefined);
          }}
        />
      </Field>
      <Button variant="secondary" className="self-start" onClick={generate}>
        Generate a key pair in this browser
      </Button>
      {download ? (
        <p className="text-sm" data-testid="private-key-download">
          <a href={download} download={keyFileName}>
            Download the private key ({keyFileName})
          </a>{" "}
          — it is shown only now and never leaves this page; save it before you rent.
        </p>
      ) : null}
      {error ? <ErrorDisplay error={error} title="could not make a key" /> : null}
    </fieldset>
  );
}

/** File name offered for a key generated in the page. */
export const keyFileName = "golem_ed25519";
