import { encodeMessage } from './encode-message.ts';
import { classIn, recordTypes, type Question, type ResourceRecord } from './dns-message.ts';

/** A question for `name` (type A unless given), class IN. */
export function ask(name: string, type: number = recordTypes.A): Question {
  return { name, type, class: classIn };
}

/** A client's query (recursion desired) for the tests, encoded. */
export function queryBytes(
  questions: readonly Question[],
  options: { id?: number; opcode?: number; additionals?: ResourceRecord[] } = {},
): Uint8Array {
  return encodeMessage({
    header: {
      id: options.id ?? 4242,
      qr: false,
      opcode: options.opcode ?? 0,
      aa: false,
      tc: false,
      rd: true,
      ra: false,
      ad: false,
      cd: false,
      rcode: 0,
    },
    questions: [...questions],
    answers: [],
    authorities: [],
    additionals: options.additionals ?? [],
  });
}
