/** A step of the turn pipeline: do something, then (maybe) let the next step run. */
export type Middleware<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

/**
 * Compose middleware into one function, once. Calling `next()` twice in one step is a bug
 * that would run the rest of the pipeline twice, so it throws.
 */
export function compose<C>(steps: Middleware<C>[]): (ctx: C) => Promise<void> {
  return (ctx) => {
    const run = async (i: number): Promise<void> => {
      const step = steps[i];
      if (!step) return;
      let called = false;
      await step(ctx, () => {
        if (called) throw new Error(`next() called twice in pipeline step ${i}`);
        called = true;
        return run(i + 1);
      });
    };
    return run(0);
  };
}
