import { useCallback, useEffect, useRef, useState } from 'react';
import { parseVmYaml, vmToYaml, type YamlDiagnostic } from './parse-vm-yaml.ts';
import {
  initialVmForm,
  type JsonRecord,
  toVirtualMachine,
  type VmFormField,
  type VmFormState,
} from './vm-form-model.ts';
import type { SetVmField } from './vm-form-props.ts';

/** The form and the object it builds on (the last good YAML, so unknown fields survive). */
export interface VmDraft {
  readonly form: VmFormState;
  readonly base: JsonRecord;
}

/** The YAML pane's text and its problem; undefined while it is (re)generated from the form. */
interface YamlState {
  readonly text: string;
  readonly diagnostic: YamlDiagnostic | undefined;
}

/** The Create page's editing state: the form, the YAML pane, and the fields the user touched. */
export interface VmDraftState {
  readonly draft: VmDraft;
  readonly yaml: YamlState | undefined;
  readonly touched: ReadonlySet<VmFormField>;
  readonly setField: SetVmField;
  readonly editYaml: (text: string) => void;
}

/**
 * Keeps the form and the YAML view in step: form edits make the YAML stale (it is generated again
 * when `yamlShown`), YAML edits that parse replace the form (and the base object), YAML that does
 * not parse keeps the form as it was and carries a diagnostic.
 */
export function useVmDraft(namespace: string, yamlShown: boolean): VmDraftState {
  const [draft, setDraft] = useState<VmDraft>(() => ({ form: initialVmForm(namespace), base: {} }));
  const [yaml, setYaml] = useState<YamlState | undefined>(undefined);
  const [touched, setTouched] = useState<ReadonlySet<VmFormField>>(new Set());
  const parseSequence = useRef(0);

  const setField = useCallback<SetVmField>((field, value) => {
    // A YAML parse still under way is older than this edit: drop it.
    parseSequence.current += 1;
    setDraft((current) => ({ ...current, form: { ...current.form, [field]: value } }));
    setTouched((current) => new Set(current).add(field));
    setYaml(undefined);
  }, []);

  const editYaml = (text: string): void => {
    setYaml((current) => ({ text, diagnostic: current?.diagnostic }));
    parseSequence.current += 1;
    const sequence = parseSequence.current;
    void parseVmYaml(text, draft.form).then((result) => {
      if (sequence !== parseSequence.current) return;
      if (!result.ok) {
        setYaml({ text, diagnostic: result.diagnostic });
        return;
      }
      setDraft({ form: result.form, base: result.base });
      setYaml({ text, diagnostic: undefined });
    });
  };

  useEffect(() => {
    if (!yamlShown || yaml !== undefined) return;
    let active = true;
    void vmToYaml(toVirtualMachine(draft.form, draft.base)).then((text) => {
      if (active) setYaml({ text, diagnostic: undefined });
    });
    return () => {
      active = false;
    };
  }, [yamlShown, yaml, draft]);

  return { draft, yaml, touched, setField, editYaml };
}
