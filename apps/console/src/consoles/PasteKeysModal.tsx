import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextArea,
} from '@patternfly/react-core';
import { useEffect, useState, type ReactElement } from 'react';
import { typedKeys } from './key-combos.ts';

/** What the paste dialog needs. */
export interface PasteKeysModalProps {
  readonly isOpen: boolean;
  /** The console's name ('VNC'), for the title. */
  readonly target: string;
  /** The user confirmed: type `text`. */
  readonly onType: (text: string) => void;
  readonly onCancel: () => void;
}

/** Shows a character the user may not see (a control character) as its code point. */
function visible(char: string): string {
  const point = char.codePointAt(0) ?? 0;
  if (point < 0x20 || point === 0x7f)
    return `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
  return char;
}

/** Fills an empty dialog with the clipboard's text, where the browser lets us read it. */
function usePrefillFromClipboard(
  isOpen: boolean,
  setText: (fill: (text: string) => string) => void,
): void {
  useEffect(() => {
    if (!isOpen) return undefined;
    let current = true;
    // Absent outside secure contexts (plain HTTP to a remote host).
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (clipboard === undefined) return undefined;
    clipboard
      .readText()
      .then((clip) => {
        if (current && clip !== '') setText((text) => (text === '' ? clip : text));
      })
      .catch(() => undefined); // Not permitted: the user pastes into the text area instead.
    return () => {
      current = false;
    };
  }, [isOpen, setText]);
}

/**
 * "Paste as typed keys": a dialog with a text area (filled from the clipboard when the browser
 * permits), which lists the characters that cannot be typed before the user confirms.
 */
export function PasteKeysModal(props: PasteKeysModalProps): ReactElement {
  const { isOpen, target, onType, onCancel } = props;
  const [text, setText] = useState('');
  usePrefillFromClipboard(isOpen, setText);
  const { keys, unsupported } = typedKeys(text);
  const close = (): void => {
    setText('');
    onCancel();
  };
  const titleId = `paste-keys-title-${target.toLowerCase()}`;
  return (
    <Modal isOpen={isOpen} onClose={close} variant="small" aria-labelledby={titleId}>
      <ModalHeader title={`Paste as typed keys into ${target}`} labelId={titleId} />
      <ModalBody>
        <Form
          id={`${titleId}-form`}
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <FormGroup label="Text to type" fieldId={`${titleId}-text`}>
            <TextArea
              id={`${titleId}-text`}
              value={text}
              onChange={(_event, value) => {
                setText(value);
              }}
              resizeOrientation="vertical"
              rows={6}
              autoFocus
            />
            <FormHelperText>
              <HelperText>
                {unsupported.length === 0 ? (
                  <HelperTextItem>
                    Typed on a US keyboard layout: ASCII letters, digits, symbols, Enter and Tab.
                  </HelperTextItem>
                ) : (
                  <HelperTextItem variant="warning">
                    {`These characters cannot be typed and will be skipped: ${unsupported.map(visible).join(' ')}`}
                  </HelperTextItem>
                )}
              </HelperText>
            </FormHelperText>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          isDisabled={keys.length === 0}
          onClick={() => {
            setText('');
            onType(text);
          }}
        >
          Type text
        </Button>
        <Button variant="link" onClick={close}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
