/**
 * In-process registry of running attempts, so a cancel notification (R13)
 * can abort the attempts of that run that this process is executing.
 */
export class CancellationRegistry {
  private readonly byRun = new Map<string, Set<AbortController>>();

  register(runId: string): AbortController {
    const controller = new AbortController();
    let set = this.byRun.get(runId);
    if (!set) this.byRun.set(runId, (set = new Set()));
    set.add(controller);
    return controller;
  }

  release(runId: string, controller: AbortController): void {
    const set = this.byRun.get(runId);
    if (!set) return;
    set.delete(controller);
    if (set.size === 0) this.byRun.delete(runId);
  }

  cancelRun(runId: string): number {
    const set = this.byRun.get(runId);
    if (!set) return 0;
    for (const controller of set) controller.abort(new Error("Run cancelled"));
    return set.size;
  }
}
