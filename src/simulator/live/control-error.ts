/**
 * A control call (createFleet, appendEvents, deleteFleet) the simulator refuses. `status` is what
 * the HTTP control routes answer: 400 for input it cannot act on, 404 for a fleet it does not have.
 */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export const badInput = (message: string): ControlError => new ControlError(400, message);
export const unknownFleet = (reference: string): ControlError => new ControlError(404, `No fleet ${reference} in this simulator`);
