"use client";

import { useEffect, useState } from "react";
import { generateOpenSshKeyPair } from "../lib/ssh-key.ts";
import { ErrorDisplay } from "./error-display.tsx";

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
    <fieldset className="ssh-key">
      <legend>SSH key</legend>
      <label>
        Public key (one OpenSSH line, e.g. the content of ~/.ssh/id_ed25519.pub)
        <textarea
          name="sshPublicKey"
          rows={2}
          value={value}
          placeholder="ssh-ed25519 AAAA… you@host"
          onChange={(event) => {
            onChange(event.target.value);
            setDownload(undefined);
            onGenerated(undefined);
          }}
        />
      </label>
      <button type="button" onClick={generate}>
        Generate a key pair in this browser
      </button>
      {download ? (
        <p data-testid="private-key-download">
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
