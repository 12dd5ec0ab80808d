import {
  Checkbox,
  FormGroup,
  FormSelect,
  FormSelectOption,
  InputGroup,
  InputGroupItem,
  TextInput,
} from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { FieldHelp } from './FieldHelp.tsx';
import { type MemoryUnit, memoryUnits, type RunStrategy, runStrategies } from './vm-form-model.ts';
import { validatedOf, type VmFieldsProps } from './vm-form-props.ts';

const strategyHelp: Readonly<Record<RunStrategy, string>> = {
  Always: 'Always: kept running; restarted whenever it stops.',
  RerunOnFailure: 'RerunOnFailure: restarted only when the guest fails, not when it shuts down.',
  Manual: 'Manual: runs only when started or stopped by hand (Start now starts it once).',
  Halted: 'Halted: created stopped; Start later sets the run strategy to Always.',
};

function startNowHelp(strategy: RunStrategy, startNow: boolean): string {
  if (strategy === 'Halted') return 'A Halted VM is created stopped.';
  if (!startNow) return `Created with run strategy Halted; Start it later from its page.`;
  return strategy === 'Manual'
    ? 'Created with run strategy Manual, then started once.'
    : `Created with run strategy ${strategy}: it starts at once.`;
}

/** CPU cores, memory, run strategy and "Start now". */
export function VmResourceFields({ form, errors, onChange }: VmFieldsProps): ReactElement {
  return (
    <>
      <FormGroup label="CPU cores" fieldId="vm-cores" isRequired>
        <TextInput
          id="vm-cores"
          type="number"
          min={1}
          max={8}
          value={form.cores}
          aria-describedby="vm-cores-help"
          validated={validatedOf(errors.cores)}
          onChange={(_event, value) => {
            onChange('cores', value);
          }}
        />
        <FieldHelp
          id="vm-cores-help"
          helper="From 1 to 8 virtual CPU cores."
          error={errors.cores}
        />
      </FormGroup>
      <FormGroup label="Memory" fieldId="vm-memory" isRequired>
        <InputGroup>
          <InputGroupItem isFill>
            <TextInput
              id="vm-memory"
              type="number"
              min={1}
              value={form.memory}
              aria-describedby="vm-memory-help"
              validated={validatedOf(errors.memory)}
              onChange={(_event, value) => {
                onChange('memory', value);
              }}
            />
          </InputGroupItem>
          <InputGroupItem>
            <FormSelect
              aria-label="Memory unit"
              value={form.memoryUnit}
              onChange={(_event, value) => {
                onChange('memoryUnit', value as MemoryUnit);
              }}
            >
              {memoryUnits.map((unit) => (
                <FormSelectOption key={unit} value={unit} label={unit} />
              ))}
            </FormSelect>
          </InputGroupItem>
        </InputGroup>
        <FieldHelp
          id="vm-memory-help"
          helper="Guest memory, at least 64 Mi."
          error={errors.memory}
        />
      </FormGroup>
      <FormGroup label="Run strategy" fieldId="vm-run-strategy" isRequired>
        <FormSelect
          id="vm-run-strategy"
          value={form.runStrategy}
          aria-describedby="vm-run-strategy-help"
          validated={validatedOf(errors.runStrategy)}
          onChange={(_event, value) => {
            onChange('runStrategy', value as RunStrategy);
          }}
        >
          {runStrategies.map((strategy) => (
            <FormSelectOption key={strategy} value={strategy} label={strategy} />
          ))}
        </FormSelect>
        <FieldHelp
          id="vm-run-strategy-help"
          helper={strategyHelp[form.runStrategy]}
          error={errors.runStrategy}
        />
      </FormGroup>
      <FormGroup fieldId="vm-start-now">
        <Checkbox
          id="vm-start-now"
          label="Start now"
          description={startNowHelp(form.runStrategy, form.startNow)}
          isChecked={form.startNow && form.runStrategy !== 'Halted'}
          isDisabled={form.runStrategy === 'Halted'}
          onChange={(_event, checked) => {
            onChange('startNow', checked);
          }}
        />
      </FormGroup>
    </>
  );
}
