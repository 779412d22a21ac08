/**
 * Whether this server should receive new traffic. A server asked to stop (SIGTERM) first says it is not ready, so
 * that the load balancer's health checks take it out of rotation while it still answers everything it is sent;
 * only then does it stop accepting connections.
 */
export class Readiness {
  private drainingSince: number | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }
}
