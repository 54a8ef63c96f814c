// A mistake in what the user gave us (model, flags, inputs). The CLI prints its message on one
// line and exits 1; anything else is our bug (exit 2).
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function userError(message: string): never {
  throw new UserError(message);
}
