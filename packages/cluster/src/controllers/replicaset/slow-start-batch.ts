/** How a slow-start batch of calls ended. */
export interface BatchOutcome {
  readonly successes: number;
  /** The first failure; no batch starts after a failing one. */
  readonly error?: unknown;
}

/**
 * Calls `fn` `count` times (with indexes 0…count-1) in growing batches (1, 2, 4…), all calls of a batch concurrently,
 * stopping after the first batch with a failure (`controller.slowStartBatch`), so a template
 * the server rejects costs one call, not `count`.
 */
export async function slowStartBatch(
  count: number,
  fn: (index: number) => Promise<unknown>,
): Promise<BatchOutcome> {
  let successes = 0;
  let remaining = count;
  for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const start = count - remaining;
    const results = await Promise.allSettled(
      Array.from({ length: batch }, (_, i) => fn(start + i)),
    );
    const failed = results.find((r) => r.status === 'rejected');
    successes += results.filter((r) => r.status === 'fulfilled').length;
    if (failed !== undefined) return { successes, error: failed.reason };
    remaining -= batch;
  }
  return { successes };
}
