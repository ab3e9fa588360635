/**
 * `work`'s outcome, or `'late'` once `ms` have passed without it (the work itself goes on; the
 * caller decides what being late means: give up, destroy, fail). The timer is always cleared.
 * @example if (await within(client.quit(), 2000) === 'late') client.destroy();
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
